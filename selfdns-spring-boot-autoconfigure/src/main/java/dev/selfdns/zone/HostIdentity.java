package dev.selfdns.zone;

import java.net.InetAddress;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * What makes this host itself: the addresses it answers with (its own, never another host's),
 * its name server name in the NS set, and what it calls itself in NSID answers.
 *
 * @param addresses this host's addresses, at least one
 * @param ownNameServer this host's name server name, {@code null} to derive it from the NS
 * set (an in-zone name server whose addresses are this host's) or leave it unknown
 * @param nsid what an NSID option (RFC 5001) names this host, {@code null} to give no NSID
 */
public record HostIdentity(List<InetAddress> addresses, @Nullable Name ownNameServer, @Nullable String nsid) {

	public HostIdentity {
		if (addresses.isEmpty()) {
			throw new IllegalArgumentException("A zone needs at least one address");
		}
		addresses = List.copyOf(addresses);
	}

}
