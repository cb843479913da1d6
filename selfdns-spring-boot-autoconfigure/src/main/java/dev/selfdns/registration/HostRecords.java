package dev.selfdns.registration;

import java.net.InetAddress;
import java.util.List;

import org.xbill.DNS.Name;

/**
 * What one host owns in the parent zone: one NS record in the service zone's NS set, and the
 * address records of its own name server name (where the parent zone holds them).
 *
 * @param zone the service zone, owner of the NS set
 * @param nameServer this host's name server name
 * @param addresses this host's addresses
 * @param ttl the TTL of the records written, in seconds
 */
public record HostRecords(Name zone, Name nameServer, List<InetAddress> addresses, long ttl) {

	public HostRecords {
		addresses = List.copyOf(addresses);
	}

}
