package dev.selfdns.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.selfdns.zone.DnssecAnswers;
import dev.selfdns.zone.HostState;
import dev.selfdns.zone.ServiceZone;
import dev.selfdns.zone.ZoneAnswer;
import dev.selfdns.zone.ZoneNode;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Every answer a zone can give, encoded once, and the byte-level lookup that finds the one for
 * a query: an immutable snapshot of the zone, which {@link AnswerTable} swaps whole when the
 * zone changes. Answers for names of fixed length (the apex, in-zone name
 * server names) are compressed by dnsjava against the question; answers for names of any
 * length (wildcard, NXDOMAIN) use only a pointer to the question name itself.
 */
public final class PreparedAnswers {

	/**
	 * The types every zone answers apart; a zone's static records add theirs. The last (NULL)
	 * stands for every other type, NODATA on every node (or the CNAME, at a CNAME).
	 */
	private static final int[] TYPE_BUCKETS = { Type.A, Type.NS, Type.SOA, Type.AAAA, Type.ANY, Type.TXT, Type.DNSKEY,
			Type.DS, Type.NSEC, Type.NULL };

	/** A query name has at most 127 labels. */
	public static final int MAX_LABELS = 128;

	private static final int NODE_APEX = 0;

	private static final int NODE_WILDCARD = 1;

	private static final int NODE_NONEXISTENT = 2;

	private static final int FIRST_EXACT_NODE = 3;

	/** Returned by {@link #node(ParsedQuery)} for names outside the zone. */
	public static final int OUTSIDE = -1;

	private final ServiceZone zone;

	private final byte @Nullable [] nsid;

	private final byte[] apex;

	/** Lower-case wire forms of in-zone names other than the apex (name servers, ENTs). */
	private final byte[][] exactNames;

	private final boolean wildcard;

	/** The types answered apart, the other types' bucket (NULL) last. */
	private final int[] buckets;

	private final PreparedAnswer[][] answers;

	/** The probe name's answers per host state, per type bucket. */
	private final PreparedAnswer[][] probeAnswers;

	private final int probeNode;

	/** DO=1 answers of a signed zone, {@code null} for an unsigned one. */
	private final @Nullable Signed signed;

	/**
	 * Prepare the answers of an unsigned zone.
	 * @param zone the zone
	 */
	public PreparedAnswers(ServiceZone zone) {
		this(zone, null);
	}

	/**
	 * Prepare the answers of a zone.
	 * @param zone the zone
	 * @param dnssec its DO=1 answers, {@code null} for an unsigned zone (DO=1 queries then get
	 * the same answers as others)
	 */
	public PreparedAnswers(ServiceZone zone, @Nullable DnssecAnswers dnssec) {
		this.zone = zone;
		String text = zone.identity().nsid();
		this.nsid = (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null;
		this.apex = lowerCaseWire(zone.origin());
		this.wildcard = zone.wildcard();
		this.buckets = buckets(zone);
		List<Name> exact = new ArrayList<>();
		exact.add(zone.probeName());
		zone.inZoneNameServers().forEach((ns) -> exact.add(ns.name()));
		exact.addAll(zone.staticNames());
		exact.addAll(zone.emptyNonTerminals());
		this.exactNames = exact.stream().map(PreparedAnswers::lowerCaseWire).toArray(byte[][]::new);
		int nodes = FIRST_EXACT_NODE + exact.size();
		this.answers = new PreparedAnswer[nodes][];
		prepareFixed(zone, NODE_APEX, zone.origin());
		Name unknown = unknownName(zone);
		prepareVariable(zone, NODE_WILDCARD, unknown, ZoneNode.WILDCARD);
		prepareVariable(zone, NODE_NONEXISTENT, unknown, ZoneNode.NONEXISTENT);
		for (int i = 0; i < exact.size(); i++) {
			prepareFixed(zone, FIRST_EXACT_NODE + i, exact.get(i));
		}
		if (dnssec != null) {
			// Without DO, a signed zone still answers its DNSKEY set (RFC 4035 section 3.1.1: no RRSIGs).
			this.answers[NODE_APEX][bucket(Type.DNSKEY)] = encodeCompressed(zone.origin(), Type.DNSKEY,
					unsigned(dnssec.answer(zone.origin(), Type.DNSKEY)));
		}
		this.probeNode = FIRST_EXACT_NODE;
		HostState[] states = HostState.values();
		this.probeAnswers = new PreparedAnswer[states.length][this.buckets.length];
		for (HostState state : states) {
			for (int bucket = 0; bucket < this.buckets.length; bucket++) {
				this.probeAnswers[state.ordinal()][bucket] = encodeCompressed(zone.probeName(), this.buckets[bucket],
						zone.probeAnswer(state, this.buckets[bucket]));
			}
		}
		this.signed = (dnssec != null) ? new Signed(zone, dnssec, exact, unknown, this.buckets) : null;
	}

	/** The fixed buckets with the static records' types added before the last. */
	private static int[] buckets(ServiceZone zone) {
		List<Integer> types = new ArrayList<>();
		for (int i = 0; i < TYPE_BUCKETS.length - 1; i++) {
			types.add(TYPE_BUCKETS[i]);
		}
		for (int type : zone.records().types()) {
			if (!types.contains(type)) {
				types.add(type);
			}
		}
		types.add(Type.NULL);
		return types.stream().mapToInt(Integer::intValue).toArray();
	}

	private static ZoneAnswer unsigned(ZoneAnswer answer) {
		return new ZoneAnswer(answer.rcode(), answer.authoritative(),
				answer.answer().stream().filter((r) -> r.getType() != Type.RRSIG).toList(), answer.authority(),
				answer.additional());
	}

	/**
	 * The DO=1 answers: for names that exist, by node; for others, by closest encloser and by
	 * the NSEC span the name falls in, found by comparing it with the chain's owners in canonical
	 * order (RFC 4034 section 6.1), byte by byte, without allocating.
	 */
	private static final class Signed {

		private final PreparedAnswer[][] fixed;

		private final PreparedAnswer[][] probe;

		/** [closest encloser][span][bucket]; encloser 0 is the apex, 1 + i exact name i. */
		private final PreparedAnswer[][][] nonexistent;

		/** [span][bucket]: a wildcard zone's answers for names that do not exist. */
		private final PreparedAnswer[][] wildcard;

		private final byte[][] owners;

		private final int[][] ownerLabels;

		Signed(ServiceZone zone, DnssecAnswers dnssec, List<Name> exact, Name unknown, int[] buckets) {
			int nodes = FIRST_EXACT_NODE + exact.size();
			this.fixed = new PreparedAnswer[nodes][];
			this.fixed[NODE_APEX] = fixedAnswers(zone.origin(), dnssec, buckets);
			for (int i = 0; i < exact.size(); i++) {
				this.fixed[FIRST_EXACT_NODE + i] = fixedAnswers(exact.get(i), dnssec, buckets);
			}
			HostState[] states = HostState.values();
			this.probe = new PreparedAnswer[states.length][buckets.length];
			for (HostState state : states) {
				for (int bucket = 0; bucket < buckets.length; bucket++) {
					this.probe[state.ordinal()][bucket] = encodeCompressed(zone.probeName(), buckets[bucket],
							dnssec.probe(state, buckets[bucket]));
				}
			}
			List<Name> chain = dnssec.owners();
			this.owners = chain.stream().map(PreparedAnswers::lowerCaseWire).toArray(byte[][]::new);
			this.ownerLabels = new int[this.owners.length][];
			for (int i = 0; i < this.owners.length; i++) {
				int[] starts = new int[MAX_LABELS];
				int count = labelStarts(this.owners[i], 0, starts);
				this.ownerLabels[i] = java.util.Arrays.copyOf(starts, count);
			}
			List<Name> enclosers = new ArrayList<>();
			enclosers.add(zone.origin());
			enclosers.addAll(exact);
			this.nonexistent = new PreparedAnswer[enclosers.size()][chain.size()][];
			this.wildcard = new PreparedAnswer[chain.size()][buckets.length];
			for (int e = 0; e < enclosers.size(); e++) {
				Name encloser = enclosers.get(e);
				// Names below an encloser fall only in the spans from the one covering it to the one
				// after its last descendant: only those are prepared, so that the table grows with
				// the depth of the zone, not with the square of its names.
				int first = (e == 0) ? 0 : spanOf(chain, encloser);
				int last = (e == 0) ? chain.size() - 1 : first;
				for (int i = first + 1; i < chain.size() && chain.get(i).subdomain(encloser); i++) {
					last = i;
				}
				for (int span = first; span <= last; span++) {
					this.nonexistent[e][span] = new PreparedAnswer[buckets.length];
					for (int bucket = 0; bucket < buckets.length; bucket++) {
						this.nonexistent[e][span][bucket] = encodePositionIndependent(unknown,
								dnssec.variable(ZoneNode.NONEXISTENT, span, encloser, unknown, buckets[bucket]));
					}
				}
			}
			for (int span = 0; span < chain.size(); span++) {
				for (int bucket = 0; bucket < buckets.length; bucket++) {
					this.wildcard[span][bucket] = zone.wildcard() ? encodePositionIndependent(unknown,
							dnssec.variable(ZoneNode.WILDCARD, span, zone.origin(), unknown, buckets[bucket])) : null;
				}
			}
		}

		/** The index of the last chain owner at or before a name in canonical order. */
		private static int spanOf(List<Name> chain, Name name) {
			int span = 0;
			for (int i = 1; i < chain.size(); i++) {
				if (chain.get(i).compareTo(name) <= 0) {
					span = i;
				}
			}
			return span;
		}

		private static PreparedAnswer[] fixedAnswers(Name name, DnssecAnswers dnssec, int[] buckets) {
			PreparedAnswer[] answers = new PreparedAnswer[buckets.length];
			for (int bucket = 0; bucket < buckets.length; bucket++) {
				answers[bucket] = encodeCompressed(name, buckets[bucket], dnssec.answer(name, buckets[bucket]));
			}
			return answers;
		}

		/** The index of the last chain owner that sorts before the query name. */
		int span(ParsedQuery query, int[] labels) {
			int count = labelStarts(query.source, query.questionOffset, labels);
			int span = 0;
			for (int i = 1; i < this.owners.length; i++) {
				if (compare(this.owners[i], this.ownerLabels[i], query.source, labels, count) < 0) {
					span = i;
				}
			}
			return span;
		}

		/** RFC 4034 section 6.1: labels compared from the rightmost, as lower-case octet strings. */
		private static int compare(byte[] owner, int[] ownerLabels, byte[] name, int[] nameLabels, int nameCount) {
			int i = ownerLabels.length - 1;
			int j = nameCount - 1;
			for (; i >= 0 && j >= 0; i--, j--) {
				int a = ownerLabels[i];
				int b = nameLabels[j];
				int aLength = owner[a];
				int bLength = name[b];
				int common = Math.min(aLength, bLength);
				for (int k = 1; k <= common; k++) {
					int x = owner[a + k] & 0xFF;
					int y = lower(name[b + k] & 0xFF);
					if (x != y) {
						return x - y;
					}
				}
				if (aLength != bLength) {
					return aLength - bLength;
				}
			}
			return (i < 0 && j < 0) ? 0 : ((i < 0) ? -1 : 1);
		}

		private static int lower(int b) {
			return (b >= 'A' && b <= 'Z') ? b + ('a' - 'A') : b;
		}

	}

	/** The offsets of the labels of a wire name, the root's empty label left out; returns how many. */
	private static int labelStarts(byte[] bytes, int offset, int[] starts) {
		int count = 0;
		int position = offset;
		while (bytes[position] != 0 && count < starts.length) {
			starts[count++] = position;
			position += (bytes[position] & 0x3F) + 1;
		}
		return count;
	}

	private void prepareFixed(ServiceZone zone, int node, Name name) {
		this.answers[node] = new PreparedAnswer[this.buckets.length];
		for (int bucket = 0; bucket < this.buckets.length; bucket++) {
			this.answers[node][bucket] = encodeCompressed(name, this.buckets[bucket],
					zone.answer(name, this.buckets[bucket], DClass.IN));
		}
	}

	private void prepareVariable(ServiceZone zone, int node, Name representative, ZoneNode kind) {
		this.answers[node] = new PreparedAnswer[this.buckets.length];
		for (int bucket = 0; bucket < this.buckets.length; bucket++) {
			this.answers[node][bucket] = encodePositionIndependent(representative,
					zone.answerAt(kind, representative, this.buckets[bucket]));
		}
	}

	private static Name unknownName(ServiceZone zone) {
		try {
			// A label no configuration can hold (it contains a space), so it never names a node.
			return Name.concatenate(Name.fromString("selfdns\\032unknown"), zone.origin());
		}
		catch (Exception ex) {
			// The zone name is near the 255-byte limit: use the shortest label instead.
			try {
				return Name.concatenate(Name.fromString("\\032"), zone.origin());
			}
			catch (Exception notPossible) {
				throw new IllegalStateException("Zone name too long to have names below it", notPossible);
			}
		}
	}

	private static PreparedAnswer encodeCompressed(Name name, int type, ZoneAnswer answer) {
		Message message = new Message();
		message.addRecord(Record.newRecord(name, type, DClass.IN), Section.QUESTION);
		answer.answer().forEach((r) -> message.addRecord(r, Section.ANSWER));
		answer.authority().forEach((r) -> message.addRecord(r, Section.AUTHORITY));
		answer.additional().forEach((r) -> message.addRecord(r, Section.ADDITIONAL));
		byte[] wire = message.toWire();
		int sectionsStart = DnsHeader.LENGTH + name.length() + 4;
		byte[] sections = new byte[wire.length - sectionsStart];
		System.arraycopy(wire, sectionsStart, sections, 0, sections.length);
		return new PreparedAnswer(answer.rcode(), answer.authoritative(), answer.answer().size(),
				answer.authority().size(), answer.additional().size(), sections);
	}

	private static PreparedAnswer encodePositionIndependent(Name questionName, ZoneAnswer answer) {
		DNSOutput out = new DNSOutput();
		for (List<Record> section : List.of(answer.answer(), answer.authority(), answer.additional())) {
			for (Record record : section) {
				byte[] wire = record.toWire(Section.ANSWER);
				if (record.getName().equals(questionName)) {
					out.writeU16(DnsHeader.POINTER_TO_QUESTION);
					out.writeByteArray(wire, questionName.length(), wire.length - questionName.length());
				}
				else {
					out.writeByteArray(wire);
				}
			}
		}
		return new PreparedAnswer(answer.rcode(), answer.authoritative(), answer.answer().size(),
				answer.authority().size(), answer.additional().size(), out.toByteArray());
	}

	private static byte[] lowerCaseWire(Name name) {
		byte[] wire = name.toWire();
		for (int i = 0; i < wire.length; i++) {
			if (wire[i] >= 'A' && wire[i] <= 'Z') {
				wire[i] += 'a' - 'A';
			}
		}
		return wire;
	}

	/**
	 * Find the node a query's name falls on, comparing bytes without regard to ASCII case.
	 * @param query a parsed query
	 * @return a node index, or {@link #OUTSIDE}
	 */
	public int node(ParsedQuery query) {
		byte[] bytes = query.source;
		int nameOffset = query.questionOffset;
		int nameLength = query.nameLength;
		int apexStart = nameLength - this.apex.length;
		if (apexStart < 0 || !query.isLabelBoundary(apexStart)
				|| !equalsIgnoreCase(bytes, nameOffset + apexStart, this.apex)) {
			return OUTSIDE;
		}
		if (apexStart == 0) {
			return NODE_APEX;
		}
		for (int i = 0; i < this.exactNames.length; i++) {
			if (nameLength == this.exactNames[i].length && equalsIgnoreCase(bytes, nameOffset, this.exactNames[i])) {
				return FIRST_EXACT_NODE + i;
			}
		}
		for (byte[] exact : this.exactNames) {
			int start = nameLength - exact.length;
			if (start > 0 && query.isLabelBoundary(start) && equalsIgnoreCase(bytes, nameOffset + start, exact)) {
				return NODE_NONEXISTENT;
			}
		}
		return this.wildcard ? NODE_WILDCARD : NODE_NONEXISTENT;
	}

	/**
	 * Whether a node is the zone's apex.
	 * @param node a node from {@link #node(ParsedQuery)}
	 * @return {@code true} for the apex
	 */
	public boolean isApex(int node) {
		return node == NODE_APEX;
	}

	/**
	 * Whether a node is the probe name, {@code _selfdns.<zone>}.
	 * @param node a node from {@link #node(ParsedQuery)}
	 * @return {@code true} for the probe name
	 */
	public boolean isProbe(int node) {
		return node == this.probeNode;
	}

	/**
	 * The probe name's answer in a state of this host.
	 * @param state the host's state
	 * @param type the query type
	 * @return the answer: TXT with the state, or NODATA
	 */
	public PreparedAnswer probe(HostState state, int type) {
		return this.probeAnswers[state.ordinal()][bucket(type)];
	}

	/**
	 * The zone these answers were prepared from.
	 * @return the zone
	 */
	public ServiceZone zone() {
		return this.zone;
	}

	/**
	 * What an NSID option names this host.
	 * @return the bytes, {@code null} for no NSID; never to be changed
	 */
	public byte @Nullable [] nsid() {
		return this.nsid;
	}

	/**
	 * The prepared answer for a node and a query type.
	 * @param node a node from {@link #node(ParsedQuery)}, not {@link #OUTSIDE}
	 * @param type the query type
	 * @return the answer
	 */
	public PreparedAnswer answer(int node, int type) {
		return this.answers[node][bucket(type)];
	}

	/**
	 * The prepared answer for a query: with DNSSEC records where the zone is signed and the
	 * query sets DO, else as {@link #answer(int, int)}.
	 * @param node a node from {@link #node(ParsedQuery)}, not {@link #OUTSIDE}
	 * @param query the query
	 * @param labels scratch for the query name's label offsets, {@value #MAX_LABELS} long
	 * @return the answer
	 */
	public PreparedAnswer answer(int node, ParsedQuery query, int[] labels) {
		Signed dnssec = this.signed;
		int bucket = bucket(query.type());
		if (dnssec == null || !query.dnssecOk) {
			return this.answers[node][bucket];
		}
		if (node == NODE_APEX || node >= FIRST_EXACT_NODE) {
			return dnssec.fixed[node][bucket];
		}
		int span = dnssec.span(query, labels);
		if (node == NODE_WILDCARD) {
			return dnssec.wildcard[span][bucket];
		}
		return dnssec.nonexistent[encloser(query)][span][bucket];
	}

	/**
	 * The probe name's answer in a state of this host, signed where the zone is and the query
	 * sets DO.
	 * @param state the host's state
	 * @param query the query
	 * @return the answer
	 */
	public PreparedAnswer probe(HostState state, ParsedQuery query) {
		Signed dnssec = this.signed;
		return (dnssec != null && query.dnssecOk) ? dnssec.probe[state.ordinal()][bucket(query.type())]
				: probe(state, query.type());
	}

	/** The closest encloser of a name that does not exist: 0 for the apex, 1 + i for exact name i. */
	private int encloser(ParsedQuery query) {
		int nameLength = query.nameLength;
		int closest = 0;
		int longest = 0;
		for (int i = 0; i < this.exactNames.length; i++) {
			byte[] exact = this.exactNames[i];
			int start = nameLength - exact.length;
			if (start > 0 && exact.length > longest && query.isLabelBoundary(start)
					&& equalsIgnoreCase(query.source, query.questionOffset + start, exact)) {
				closest = 1 + i;
				longest = exact.length;
			}
		}
		return closest;
	}

	private int bucket(int type) {
		int[] types = this.buckets;
		int other = types.length - 1;
		for (int i = 0; i < other; i++) {
			if (types[i] == type) {
				return i;
			}
		}
		return other;
	}

	private static boolean equalsIgnoreCase(byte[] bytes, int offset, byte[] lowerCase) {
		for (int i = 0; i < lowerCase.length; i++) {
			int b = bytes[offset + i];
			// Label length bytes are below 64, so only letters are ever folded.
			if (b >= 'A' && b <= 'Z') {
				b += 'a' - 'A';
			}
			if (b != lowerCase[i]) {
				return false;
			}
		}
		return true;
	}

}
