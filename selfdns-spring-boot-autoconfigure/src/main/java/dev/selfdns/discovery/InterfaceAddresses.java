package dev.selfdns.discovery;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;

/**
 * The addresses of one network interface (mode {@code interface}), without link-local IPv6
 * addresses, which no client outside the link can reach.
 */
public final class InterfaceAddresses implements AddressSource {

	private final String name;

	/**
	 * Create the source.
	 * @param name the interface's name, e.g. {@code eth0}
	 */
	public InterfaceAddresses(String name) {
		this.name = name;
	}

	@Override
	public List<InetAddress> read() throws IOException {
		NetworkInterface network = NetworkInterface.getByName(this.name);
		if (network == null) {
			throw new IOException("there is no network interface '" + this.name + "'");
		}
		return Collections.list(network.getInetAddresses())
			.stream()
			.filter((address) -> !(address instanceof Inet6Address && address.isLinkLocalAddress()))
			.map(InterfaceAddresses::withoutScope)
			.toList();
	}

	/** Inet6Address carries the interface as a scope; the zone must serve the plain address. */
	private static InetAddress withoutScope(InetAddress address) {
		try {
			return InetAddress.getByAddress(address.getAddress());
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String describe() {
		return "network interface " + this.name;
	}

}
