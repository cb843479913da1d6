package dev.selfdns.server;

import java.net.InetSocketAddress;

/**
 * Thrown when a listener cannot bind its address, ending start-up.
 */
public class DnsServerBindException extends RuntimeException {

	private final String transport;

	private final transient InetSocketAddress address;

	/**
	 * Create an exception.
	 * @param transport {@code UDP} or {@code TCP}
	 * @param address the address that could not be bound
	 * @param cause the underlying failure
	 */
	public DnsServerBindException(String transport, InetSocketAddress address, Exception cause) {
		super(message(transport, address, cause), cause);
		this.transport = transport;
		this.address = address;
	}

	private static String message(String transport, InetSocketAddress address, Exception cause) {
		String advice = (address.getPort() < 1024 && address.getPort() != 0)
				? " Ports below 1024 need privilege: grant CAP_NET_BIND_SERVICE, lower "
						+ "net.ipv4.ip_unprivileged_port_start, or set selfdns.listen.port to a port above 1023."
				: " Is another name server using it? Choose another selfdns.listen.port or selfdns.listen.address.";
		return "selfdns could not bind " + transport + " " + DnsServer.describe(address) + ": " + cause.getMessage() + "." + advice;
	}

	public String getTransport() {
		return this.transport;
	}

	public InetSocketAddress getAddress() {
		return this.address;
	}

}
