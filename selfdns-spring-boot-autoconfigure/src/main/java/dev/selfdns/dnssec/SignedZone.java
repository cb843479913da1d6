package dev.selfdns.dnssec;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.selfdns.zone.HostState;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;

/**
 * A zone's signatures, made ahead of time: every RRset's RRSIGs, the DNSKEY set and the NSEC
 * chain with theirs, and the window in which they are valid. Immutable; a change to the zone
 * or the keys makes a new one.
 *
 * @param dnskeys the DNSKEY RRset, with its RRSIGs
 * @param signatures the RRSIGs of each RRset, by owner and type
 * @param probe the RRSIGs of the probe name's TXT in each host state
 * @param nsec the NSEC chain in canonical order, each record's RRSIGs with it
 * @param inception when the signatures start to be valid
 * @param expiration when they stop
 */
public record SignedZone(RRset dnskeys, Map<Owner, List<RRSIGRecord>> signatures,
		Map<HostState, List<RRSIGRecord>> probe, List<RRset> nsec, Instant inception, Instant expiration) {

	public SignedZone {
		signatures = Map.copyOf(signatures);
		probe = Map.copyOf(probe);
		nsec = List.copyOf(nsec);
	}

	/**
	 * The RRSIGs of one RRset.
	 * @param name the owner
	 * @param type the type
	 * @return the signatures, empty if the RRset is not in the zone
	 */
	public List<RRSIGRecord> signaturesOf(Name name, int type) {
		return this.signatures.getOrDefault(new Owner(name, type), List.of());
	}

	/**
	 * The NSEC record owned by a name.
	 * @param name the owner
	 * @return the NSEC RRset with its RRSIGs, {@code null} if the name owns none
	 */
	public @Nullable RRset nsecAt(Name name) {
		return this.nsec.stream().filter((set) -> set.getName().equals(name)).findFirst().orElse(null);
	}

	/**
	 * The NSEC record whose span covers a name that does not exist: the last one whose owner
	 * sorts before it (RFC 4034 section 6.1 order), the chain wrapping around to the apex.
	 * @param name a name inside the zone that owns no NSEC
	 * @return the covering NSEC RRset
	 */
	public RRset covering(Name name) {
		RRset cover = this.nsec.get(this.nsec.size() - 1);
		for (RRset set : this.nsec) {
			if (set.getName().compareTo(name) < 0) {
				cover = set;
			}
		}
		return cover;
	}

	/**
	 * The records of the NSEC chain, without signatures.
	 * @return the NSEC records in canonical order
	 */
	public List<NSECRecord> chain() {
		return this.nsec.stream().map((set) -> (NSECRecord) set.first()).toList();
	}

	/**
	 * An RRset's owner and type.
	 *
	 * @param name the owner name
	 * @param type the type
	 */
	public record Owner(Name name, int type) {

	}

}
