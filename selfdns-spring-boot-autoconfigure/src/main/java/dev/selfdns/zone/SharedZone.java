package dev.selfdns.zone;

import java.util.List;

import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * What every host of the fleet serves alike: the zone's name, its NS set, SOA, TTL and
 * whether names below it are answered like it. Two hosts with equal shared zones answer every
 * question alike but for their own addresses.
 *
 * @param origin the zone's name (the service subdomain), absolute
 * @param nameServers the NS set, in the order served
 * @param ttl the TTL of address and NS records, in seconds
 * @param soa the zone's SOA record
 * @param wildcard whether names below the zone are answered like the zone itself
 * @param records the static records every host serves
 */
public record SharedZone(Name origin, List<NameServer> nameServers, long ttl, SOARecord soa, boolean wildcard,
		StaticRecords records) {

	/**
	 * A zone without static records.
	 * @param origin the zone's name, absolute
	 * @param nameServers the NS set
	 * @param ttl the TTL of address and NS records, in seconds
	 * @param soa the SOA record
	 * @param wildcard whether names below the zone are answered like the zone itself
	 */
	public SharedZone(Name origin, List<NameServer> nameServers, long ttl, SOARecord soa, boolean wildcard) {
		this(origin, nameServers, ttl, soa, wildcard, StaticRecords.NONE);
	}

	public SharedZone {
		if (!origin.isAbsolute()) {
			throw new IllegalArgumentException("Zone name must be absolute: " + origin);
		}
		if (nameServers.isEmpty()) {
			throw new IllegalArgumentException("A zone needs at least one name server");
		}
		if (!soa.getName().equals(origin)) {
			throw new IllegalArgumentException("The SOA record must be owned by the zone's name " + origin);
		}
		nameServers = List.copyOf(nameServers);
	}

	/**
	 * Name servers whose names lie inside the zone, so their addresses are served from it.
	 * @return the in-zone name servers
	 */
	public List<NameServer> inZoneNameServers() {
		return this.nameServers.stream().filter((ns) -> isBelow(ns.name(), this.origin)).toList();
	}

	static boolean isBelow(Name name, Name ancestor) {
		return name.subdomain(ancestor) && !name.equals(ancestor);
	}

}
