package dev.selfdns.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Places each resolver network at a stable point in [0, 1). A resolver is known by its
 * network, not its address, because large resolvers send from many addresses of one network
 * (a /24 for IPv4, a /56 for IPv6 by default). The hash is seeded by this host's own
 * addresses: every host keeps its own order, so the resolvers one busy host sheds are not the
 * ones another host sheds.
 */
public final class ResolverNetworks {

	private static final double UNIT = 0x1.0p-53;

	private final long ipv4Mask;

	private final long ipv6Mask;

	private final long seed;

	/**
	 * Create the placement.
	 * @param ipv4PrefixLength the IPv4 network size, 1 to 32
	 * @param ipv6PrefixLength the IPv6 network size, 1 to 64
	 * @param seed the hash seed
	 */
	public ResolverNetworks(int ipv4PrefixLength, int ipv6PrefixLength, long seed) {
		if (ipv4PrefixLength < 1 || ipv4PrefixLength > 32 || ipv6PrefixLength < 1 || ipv6PrefixLength > 64) {
			throw new IllegalArgumentException("Prefix lengths must be 1-32 (IPv4) and 1-64 (IPv6)");
		}
		this.ipv4Mask = (0xFFFFFFFFL << (32 - ipv4PrefixLength)) & 0xFFFFFFFFL;
		this.ipv6Mask = -1L << (64 - ipv6PrefixLength);
		this.seed = seed;
	}

	/**
	 * A seed derived from a host's addresses.
	 * @param addresses the host's addresses
	 * @return the seed
	 */
	public static long seedOf(List<InetAddress> addresses) {
		long seed = 0x9E3779B97F4A7C15L;
		for (InetAddress address : addresses) {
			for (byte b : address.getAddress()) {
				seed = mix(seed ^ (b & 0xFF));
			}
		}
		return seed;
	}

	/**
	 * The point of a client's network.
	 * @param client the client address
	 * @return a number in [0, 1), the same for every address of the network
	 */
	public double point(InetAddress client) {
		return (mix(network(client) ^ this.seed) >>> 11) * UNIT;
	}

	/**
	 * A key for a client's network: the same for every address of it.
	 * @param client the client address
	 * @return the key
	 */
	public long network(InetAddress client) {
		if (client instanceof Inet4Address) {
			// An Inet4Address's hash code is its address, read without a copy.
			long address = client.hashCode() & 0xFFFFFFFFL;
			return (address & this.ipv4Mask) | (4L << 56);
		}
		byte[] bytes = client.getAddress();
		long high = 0;
		for (int i = 0; i < 8; i++) {
			high = (high << 8) | (bytes[i] & 0xFFL);
		}
		// Mixed, so an IPv6 key does not look like an IPv4 one.
		return mix(high & this.ipv6Mask) ^ 6L;
	}

	/** The SplitMix64 finaliser: every input bit moves every output bit. */
	private static long mix(long value) {
		long z = value;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
