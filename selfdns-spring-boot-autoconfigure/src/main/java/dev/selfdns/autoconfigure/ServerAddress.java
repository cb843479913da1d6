package dev.selfdns.autoconfigure;

import java.net.InetSocketAddress;

/**
 * A DNS server as {@code host[:port]}: a host name or IP literal, an IPv6 literal in brackets
 * when a port follows ({@code [2001:db8::53]:5353}), port 53 when none is given.
 *
 * @param host the host name or IP literal
 * @param port the port
 */
public record ServerAddress(String host, int port) {

	/** The DNS port. */
	public static final int DNS_PORT = 53;

	/**
	 * Parse {@code host[:port]}.
	 * @param text the text
	 * @return the address
	 * @throws IllegalArgumentException with the form to use
	 */
	public static ServerAddress parse(String text) {
		String value = text.trim();
		String host = value;
		String port = null;
		if (value.startsWith("[")) {
			int close = value.indexOf(']');
			if (close < 0 || (close + 1 < value.length() && value.charAt(close + 1) != ':')) {
				throw invalid(text);
			}
			host = value.substring(1, close);
			port = (close + 1 < value.length()) ? value.substring(close + 2) : null;
		}
		else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
			host = value.substring(0, value.indexOf(':'));
			port = value.substring(value.indexOf(':') + 1);
		}
		if (host.isEmpty()) {
			throw invalid(text);
		}
		int number = DNS_PORT;
		if (port != null) {
			try {
				number = Integer.parseInt(port);
			}
			catch (NumberFormatException ex) {
				throw invalid(text);
			}
			if (number < 1 || number > 65535) {
				throw invalid(text);
			}
		}
		return new ServerAddress(host, number);
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException("'" + text + "' is not host[:port]; write e.g. 192.0.2.53, "
				+ "ns1.example.com:5353 or [2001:db8::53]:5353 (port 1 to 65535, 53 when left out)");
	}

	/**
	 * The socket address, the host resolved now.
	 * @return the address
	 */
	public InetSocketAddress toSocketAddress() {
		return new InetSocketAddress(this.host, this.port);
	}

	@Override
	public String toString() {
		return (this.host.contains(":") ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
