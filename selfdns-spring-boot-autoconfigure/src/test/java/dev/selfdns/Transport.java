package dev.selfdns;

import java.io.IOException;

import org.xbill.DNS.Message;

/**
 * The two ways a query reaches the server; answer tests run over both.
 */
public enum Transport {

	UDP, TCP;

	public Message exchange(DnsTestClient client, Message query) throws IOException {
		return (this == UDP) ? client.udp(query) : client.tcp(query);
	}

	public byte[] exchangeRaw(DnsTestClient client, byte[] query) throws IOException {
		return (this == UDP) ? client.udpOrSilence(query) : client.tcpOrClosed(query);
	}

}
