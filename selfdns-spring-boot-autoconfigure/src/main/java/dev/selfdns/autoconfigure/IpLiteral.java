package dev.selfdns.autoconfigure;

import java.net.InetAddress;

import dev.selfdns.zone.IpAddresses;

/**
 * An IP address written as a literal ({@code 192.0.2.1}, {@code 2001:db8::1}), never a host
 * name: a name here would be looked up in DNS at start-up, and could change. A type of its own,
 * so that the app's other {@code InetAddress} properties ({@code server.address}) keep Boot's
 * own conversion.
 *
 * @param address the address
 */
public record IpLiteral(InetAddress address) {

	@Override
	public String toString() {
		return IpAddresses.format(this.address);
	}

}
