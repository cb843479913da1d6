package dev.selfdns.dnssec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.selfdns.zone.HostState;
import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.ServiceZone;
import dev.selfdns.zone.ZoneNode;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Signs a zone ahead of time, never per query: SOA, NS, this host's A and AAAA at the apex
 * (and at {@code *.<zone>} for a wildcard zone), the in-zone name servers' addresses, the static
 * records and the DS set of a child zone (not its NS set: the child signs that), the probe
 * name's TXT in every host state, the DNSKEY set, and the NSEC chain (RFC 4034 section 4) over
 * the names that own records; empty non-terminals own none and are proven by the NSEC before
 * them (RFC 4035 section 3.1.3.2). Signatures are valid from {@code now - inceptionOffset}
 * (clocks of resolvers run slow too) for {@code validity}.
 */
public final class ZoneSigner {

	private final KeySet keys;

	private final Duration validity;

	private final Duration inceptionOffset;

	private final Clock clock;

	/**
	 * Create the signer.
	 * @param keys the zone's keys
	 * @param validity how long signatures are valid from now
	 * @param inceptionOffset how far back their validity starts
	 * @param clock the time to sign at
	 */
	public ZoneSigner(KeySet keys, Duration validity, Duration inceptionOffset, Clock clock) {
		this.keys = keys;
		this.validity = validity;
		this.inceptionOffset = inceptionOffset;
		this.clock = clock;
	}

	/**
	 * Sign a zone.
	 * @param zone the zone as this host serves it
	 * @return its signatures
	 */
	public SignedZone sign(ServiceZone zone) {
		Instant now = this.clock.instant();
		Instant inception = now.minus(this.inceptionOffset);
		Instant expiration = now.plus(this.validity);
		Map<SignedZone.Owner, List<RRSIGRecord>> signatures = new LinkedHashMap<>();
		Map<Name, TreeSet<Integer>> types = new TreeMap<>();
		for (RRset rrset : rrsets(zone)) {
			// RFC 4035 section 2.2: the NS set at a delegation (a child zone) is the child's to sign.
			if (rrset.getType() != Type.NS || rrset.getName().equals(zone.origin())) {
				signatures.put(new SignedZone.Owner(rrset.getName(), rrset.getType()),
						sign(rrset, inception, expiration));
			}
			types.computeIfAbsent(rrset.getName(), (name) -> new TreeSet<>()).add(rrset.getType());
		}
		// The probe's TXT differs by state: each state's RRset signed, the owner typed once.
		Map<HostState, List<RRSIGRecord>> probe = new LinkedHashMap<>();
		for (HostState state : HostState.values()) {
			RRset txt = new RRset();
			zone.probeAnswer(state, Type.TXT).answer().forEach(txt::addRR);
			probe.put(state, sign(txt, inception, expiration));
		}
		types.computeIfAbsent(zone.probeName(), (name) -> new TreeSet<>()).add(Type.TXT);
		RRset dnskeys = this.keys.dnskeys();
		for (RRSIGRecord rrsig : sign(dnskeys, inception, expiration)) {
			dnskeys.addRR(rrsig);
		}
		types.computeIfAbsent(zone.origin(), (name) -> new TreeSet<>()).add(Type.DNSKEY);
		List<RRset> chain = new ArrayList<>();
		List<Name> owners = new ArrayList<>(types.keySet());
		// RFC 9077: NSEC TTL is the lesser of the SOA's TTL and its minimum field.
		long nsecTtl = Math.min(zone.soa().getTTL(), zone.soa().getMinimum());
		for (int i = 0; i < owners.size(); i++) {
			Name owner = owners.get(i);
			TreeSet<Integer> present = types.get(owner);
			present.add(Type.RRSIG);
			present.add(Type.NSEC);
			NSECRecord nsec = new NSECRecord(owner, DClass.IN, nsecTtl, owners.get((i + 1) % owners.size()),
					present.stream().mapToInt(Integer::intValue).toArray());
			RRset set = new RRset(nsec);
			for (RRSIGRecord rrsig : sign(set, inception, expiration)) {
				set.addRR(rrsig);
			}
			chain.add(set);
		}
		return new SignedZone(dnskeys, signatures, probe, chain, inception, expiration);
	}

	/** Every RRset the zone serves, the probe's TXT in every state, each once. */
	private static List<RRset> rrsets(ServiceZone zone) {
		Map<SignedZone.Owner, RRset> sets = new LinkedHashMap<>();
		Name origin = zone.origin();
		add(sets, zone.answer(origin, Type.SOA, DClass.IN).answer());
		add(sets, zone.answer(origin, Type.NS, DClass.IN).answer());
		add(sets, zone.answer(origin, Type.A, DClass.IN).answer());
		add(sets, zone.answer(origin, Type.AAAA, DClass.IN).answer());
		if (zone.wildcard()) {
			Name star = wildcard(origin);
			add(sets, zone.answerAt(ZoneNode.WILDCARD, star, Type.A).answer());
			add(sets, zone.answerAt(ZoneNode.WILDCARD, star, Type.AAAA).answer());
		}
		for (NameServer ns : zone.inZoneNameServers()) {
			add(sets, zone.answer(ns.name(), Type.A, DClass.IN).answer());
			add(sets, zone.answer(ns.name(), Type.AAAA, DClass.IN).answer());
		}
		zone.records().rrsets().forEach((set) -> add(sets, set.rrs()));
		return new ArrayList<>(sets.values());
	}

	/**
	 * The name a wildcard zone's records are signed at: {@code *.<zone>}, whose RRSIGs have
	 * Labels = labels(zone), so a validator accepts them for any name below (RFC 4035 5.3.4).
	 * @param origin the zone
	 * @return the wildcard name
	 */
	public static Name wildcard(Name origin) {
		try {
			return Name.concatenate(Name.fromConstantString("*"), origin);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The zone name is too long for a wildcard below it", ex);
		}
	}

	private static void add(Map<SignedZone.Owner, RRset> sets, List<Record> records) {
		for (Record record : records) {
			sets.computeIfAbsent(new SignedZone.Owner(record.getName(), record.getType()), (owner) -> new RRset())
				.addRR(record);
		}
	}

	private List<RRSIGRecord> sign(RRset rrset, Instant inception, Instant expiration) {
		List<RRSIGRecord> rrsigs = new ArrayList<>();
		for (SigningKey key : this.keys.signers()) {
			try {
				rrsigs.add(DNSSEC.sign(rrset, key.dnskey(), key.privateKey(), inception, expiration));
			}
			catch (DNSSEC.DNSSECException ex) {
				throw new IllegalStateException("Signing " + rrset.getName() + " " + Type.string(rrset.getType())
						+ " with key " + key.tag() + " failed: " + ex.getMessage(), ex);
			}
		}
		return rrsigs;
	}

}
