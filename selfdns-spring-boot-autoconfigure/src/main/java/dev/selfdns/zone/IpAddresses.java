package dev.selfdns.zone;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Addresses as people write them: IPv4 dotted, IPv6 in the RFC 5952 form ({@code ::1},
 * {@code 2001:db8::10}), not the JDK's {@code 0:0:0:0:0:0:0:1}.
 */
public final class IpAddresses {

	private IpAddresses() {
	}

	/**
	 * Format addresses as a list.
	 * @param addresses the addresses
	 * @return e.g. {@code [192.0.2.1, 2001:db8::1]}
	 */
	public static String formatAll(Collection<? extends InetAddress> addresses) {
		return addresses.stream().map(IpAddresses::format).collect(Collectors.joining(", ", "[", "]"));
	}

	/**
	 * Format an address.
	 * @param address the address
	 * @return its text: lower-case hex, no leading zeros, the longest run of two or more zero
	 * groups (the first of equal runs) written as {@code ::}
	 */
	public static String format(InetAddress address) {
		if (!(address instanceof Inet6Address ipv6)) {
			return address.getHostAddress();
		}
		byte[] bytes = ipv6.getAddress();
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8; i++) {
			int length = 0;
			while (i + length < 8 && groups[i + length] == 0) {
				length++;
			}
			if (length > bestLength) {
				bestStart = i;
				bestLength = length;
			}
			i += length;
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		if (ipv6.getScopeId() != 0) {
			text.append('%').append(ipv6.getScopeId());
		}
		return text.toString();
	}

}
