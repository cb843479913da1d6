package dev.selfdns;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * dnsjava's own resolver, as a Java client would use it, over UDP and TCP, including its
 * fallback to TCP when the UDP answer is truncated.
 */
class DnsjavaResolverIntegrationTests {

	@Test
	void simpleResolverGetsAnswersOverUdpAndTcp() {
		TestServers.run((client) -> {
			SimpleResolver resolver = resolver(client);
			Message udp = resolver.send(query("www.example.com.", Type.A));
			assertThat(udp.getSection(Section.ANSWER)).map(Record::rdataToString).containsExactly("192.0.2.1");
			resolver.setTCP(true);
			Message tcp = resolver.send(query("www.example.com.", Type.AAAA));
			assertThat(tcp.getSection(Section.ANSWER)).hasSize(1);
		});
	}

	@Test
	void lookupOfTheZoneFindsTheHostsAddress() {
		TestServers.run((client) -> {
			Lookup lookup = new Lookup("www.example.com.", Type.A);
			lookup.setResolver(resolver(client));
			lookup.setCache(null);
			Record[] records = lookup.run();
			assertThat(lookup.getResult()).isEqualTo(Lookup.SUCCESSFUL);
			assertThat(records).extracting(Record::rdataToString).containsExactly("192.0.2.1");
		});
	}

	@Test
	void truncatedAnswersAreRetriedOverTcpByTheResolver() {
		TestServers.run((client) -> {
			assertThat(client.udp(query("www.example.com.", Type.NS)).getHeader().getFlag(Flags.TC)).isTrue();
			SimpleResolver resolver = resolver(client);
			resolver.setEDNS(-1);
			Message response = resolver.send(query("www.example.com.", Type.NS));
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.getSection(Section.ANSWER)).hasSize(13);
		}, TestServers.MANY_NAME_SERVERS);
	}

	private static SimpleResolver resolver(DnsTestClient client) throws Exception {
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", client.port()));
		resolver.setTimeout(Duration.ofSeconds(3));
		return resolver;
	}

}
