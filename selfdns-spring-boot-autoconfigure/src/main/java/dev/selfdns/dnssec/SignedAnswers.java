package dev.selfdns.dnssec;

import java.util.ArrayList;
import java.util.List;

import dev.selfdns.zone.DnssecAnswers;
import dev.selfdns.zone.HostState;
import dev.selfdns.zone.ServiceZone;
import dev.selfdns.zone.ZoneAnswer;
import dev.selfdns.zone.ZoneNode;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The DO=1 answers of RFC 4035 section 3.1 for a zone and its signatures: positive answers
 * with their RRSIGs; NODATA with the SOA, the NSEC at the name (or, for an empty non-terminal,
 * the one before it) and their RRSIGs; NXDOMAIN with the NSEC covering the name and the one
 * covering the wildcard at its closest encloser; wildcard answers with the wildcard's RRSIGs
 * (Labels = labels(zone)) and the NSEC covering the name; the DNSKEY set; DS NODATA at the apex.
 */
public final class SignedAnswers implements DnssecAnswers {

	private final ServiceZone zone;

	private final SignedZone signed;

	private final List<Name> owners;

	/**
	 * Create the answers.
	 * @param zone the zone as this host serves it
	 * @param signed its signatures
	 */
	public SignedAnswers(ServiceZone zone, SignedZone signed) {
		this.zone = zone;
		this.signed = signed;
		this.owners = signed.nsec().stream().map(RRset::getName).toList();
	}

	public SignedZone signed() {
		return this.signed;
	}

	@Override
	public List<Name> owners() {
		return this.owners;
	}

	@Override
	public ZoneAnswer answer(Name name, int type) {
		Name origin = this.zone.origin();
		if (name.equals(origin) && type == Type.DNSKEY) {
			return positive(withSignatures(this.signed.dnskeys()), List.of());
		}
		RRset ownNsec = this.signed.nsecAt(name);
		if (type == Type.NSEC && ownNsec != null) {
			return positive(withSignatures(ownNsec), List.of());
		}
		ZoneAnswer base = this.zone.answer(name, type, DClass.IN);
		if (!base.answer().isEmpty()) {
			return chained(base);
		}
		List<Record> authority = soa();
		authority.addAll(withSignatures((ownNsec != null) ? ownNsec : this.signed.covering(name)));
		return negative(Rcode.NOERROR, authority);
	}

	@Override
	public ZoneAnswer probe(HostState state, int type) {
		ZoneAnswer base = this.zone.probeAnswer(state, type);
		if (!base.answer().isEmpty()) {
			List<Record> answer = new ArrayList<>(base.answer());
			answer.addAll(this.signed.probe().get(state));
			return positive(answer, List.of());
		}
		List<Record> authority = soa();
		authority.addAll(withSignatures(this.signed.nsecAt(this.zone.probeName())));
		return negative(Rcode.NOERROR, authority);
	}

	@Override
	public ZoneAnswer variable(ZoneNode kind, int interval, Name encloser, Name name, int type) {
		RRset covering = this.signed.nsec().get(interval);
		if (kind == ZoneNode.WILDCARD) {
			Name wildcard = ZoneSigner.wildcard(this.zone.origin());
			ZoneAnswer base = this.zone.answerAt(ZoneNode.WILDCARD, name, type);
			if (!base.answer().isEmpty()) {
				// RFC 4035 section 3.1.3.3: the expanded answer, and proof that the name itself does not exist.
				List<Record> answer = signedRecords(base.answer(), name, wildcard);
				return new ZoneAnswer(Rcode.NOERROR, true, answer, withSignatures(covering), List.of());
			}
			// Section 3.1.3.4: wildcard NODATA, the NSEC at the wildcard and the one covering the name.
			List<Record> authority = soa();
			authority.addAll(withSignatures(covering));
			RRset atWildcard = this.signed.nsecAt(wildcard);
			if (atWildcard != null && !atWildcard.getName().equals(covering.getName())) {
				authority.addAll(withSignatures(atWildcard));
			}
			return negative(Rcode.NOERROR, authority);
		}
		// Section 3.1.3.2: the NSEC covering the name and the one covering *.<closest encloser>.
		List<Record> authority = soa();
		authority.addAll(withSignatures(covering));
		RRset noWildcard = this.signed.covering(ZoneSigner.wildcard(encloser));
		if (!noWildcard.getName().equals(covering.getName())) {
			authority.addAll(withSignatures(noWildcard));
		}
		return negative(Rcode.NXDOMAIN, authority);
	}

	/**
	 * An answer with records, a CNAME chain followed inside the zone among them: each RRset with
	 * its RRSIGs (a wildcard-expanded target's from {@code *.<zone>}, with the NSEC covering the
	 * target, RFC 4035 section 3.1.3.3), and where the chain ends in NODATA or NXDOMAIN the SOA
	 * and the NSEC records that prove it for the last target (sections 3.1.3.1, 3.1.3.2).
	 */
	private ZoneAnswer chained(ZoneAnswer base) {
		List<Record> answer = signedRecords(base.answer(), null, null);
		List<Record> authority = new ArrayList<>();
		Record last = base.answer().get(base.answer().size() - 1);
		boolean negative = base.rcode() == Rcode.NXDOMAIN || !base.authority().isEmpty();
		if (negative && last instanceof CNAMERecord cname) {
			authority.addAll(soa());
			authority.addAll(denial(cname.getTarget(), base.rcode()));
		}
		for (Name owner : expanded(base.answer())) {
			authority.addAll(withSignatures(this.signed.covering(owner)));
		}
		return new ZoneAnswer(base.rcode(), true, answer, authority, signedRecords(base.additional(), null, null));
	}

	/** The NSEC records proving that a name has no records of the type asked, or does not exist. */
	private List<Record> denial(Name name, int rcode) {
		List<Record> proof = new ArrayList<>();
		RRset covering = this.signed.covering(name);
		if (rcode == Rcode.NXDOMAIN) {
			proof.addAll(withSignatures(covering));
			RRset noWildcard = this.signed.covering(ZoneSigner.wildcard(closestEncloser(name)));
			if (!noWildcard.getName().equals(covering.getName())) {
				proof.addAll(withSignatures(noWildcard));
			}
			return proof;
		}
		if (this.zone.classify(name) == ZoneNode.WILDCARD) {
			proof.addAll(withSignatures(covering));
			RRset atWildcard = this.signed.nsecAt(ZoneSigner.wildcard(this.zone.origin()));
			if (atWildcard != null && !atWildcard.getName().equals(covering.getName())) {
				proof.addAll(withSignatures(atWildcard));
			}
			return proof;
		}
		RRset own = this.signed.nsecAt(name);
		proof.addAll(withSignatures((own != null) ? own : covering));
		return proof;
	}

	/** The nearest ancestor of a name that does not exist which does. */
	private Name closestEncloser(Name name) {
		Name encloser = new Name(name, 1);
		while (!encloser.equals(this.zone.origin()) && !exists(encloser)) {
			encloser = new Name(encloser, 1);
		}
		return encloser;
	}

	private boolean exists(Name name) {
		ZoneNode node = this.zone.classify(name);
		return node != ZoneNode.NONEXISTENT && node != ZoneNode.WILDCARD;
	}

	/** Owners among records that the zone's wildcard made: they have no signatures of their own. */
	private List<Name> expanded(List<Record> records) {
		List<Name> owners = new ArrayList<>();
		for (Record record : records) {
			Name owner = record.getName();
			if (!owners.contains(owner) && isExpanded(owner)) {
				owners.add(owner);
			}
		}
		return owners;
	}

	private boolean isExpanded(Name owner) {
		return this.zone.wildcard() && this.zone.classify(owner) == ZoneNode.WILDCARD;
	}

	private List<Record> soa() {
		List<Record> records = new ArrayList<>();
		records.add(this.zone.soa());
		records.addAll(this.signed.signaturesOf(this.zone.origin(), Type.SOA));
		return records;
	}

	/**
	 * Records followed by the RRSIGs of each RRset among them.
	 * @param owner the owner the records are served under ({@code null}: their own)
	 * @param signedAt the name the RRSIGs were made at ({@code null}: the records' own)
	 */
	private List<Record> signedRecords(List<Record> records, Name owner, Name signedAt) {
		List<Record> out = new ArrayList<>(records);
		List<String> seen = new ArrayList<>();
		for (Record record : records) {
			String key = record.getName() + "/" + record.getType();
			if (seen.contains(key)) {
				continue;
			}
			seen.add(key);
			Name at = (signedAt != null) ? signedAt : record.getName();
			Name servedAs = owner;
			if (signedAt == null && isExpanded(record.getName())) {
				// A CNAME's target that the wildcard made: its RRSIGs are the wildcard's, renamed.
				at = ZoneSigner.wildcard(this.zone.origin());
				servedAs = record.getName();
			}
			for (RRSIGRecord rrsig : this.signed.signaturesOf(at, record.getType())) {
				out.add((servedAs != null && !at.equals(record.getName())) ? rrsig.withName(servedAs) : rrsig);
			}
		}
		return out;
	}

	private static List<Record> withSignatures(RRset set) {
		List<Record> records = new ArrayList<>(set.rrs());
		records.addAll(set.sigs());
		return records;
	}

	private static ZoneAnswer positive(List<Record> answer, List<Record> additional) {
		return new ZoneAnswer(Rcode.NOERROR, true, answer, List.of(), additional);
	}

	private static ZoneAnswer negative(int rcode, List<Record> authority) {
		return new ZoneAnswer(rcode, true, List.of(), authority, List.of());
	}

}
