package dev.selfdns.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

	/** The types answered apart; the last (NULL) stands for every other type, NODATA on every node. */
	private static final int[] TYPE_BUCKETS = { Type.A, Type.NS, Type.SOA, Type.AAAA, Type.ANY, Type.TXT, Type.NULL };

	private static final int BUCKET_OTHER = TYPE_BUCKETS.length - 1;

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

	private final PreparedAnswer[][] answers;

	/** The probe name's answers per host state, per type bucket. */
	private final PreparedAnswer[][] probeAnswers;

	private final int probeNode;

	/**
	 * Prepare the answers of a zone.
	 * @param zone the zone
	 */
	public PreparedAnswers(ServiceZone zone) {
		this.zone = zone;
		String text = zone.identity().nsid();
		this.nsid = (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null;
		this.apex = lowerCaseWire(zone.origin());
		this.wildcard = zone.wildcard();
		List<Name> exact = new ArrayList<>();
		exact.add(zone.probeName());
		zone.inZoneNameServers().forEach((ns) -> exact.add(ns.name()));
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
		this.probeNode = FIRST_EXACT_NODE;
		HostState[] states = HostState.values();
		this.probeAnswers = new PreparedAnswer[states.length][TYPE_BUCKETS.length];
		for (HostState state : states) {
			for (int bucket = 0; bucket < TYPE_BUCKETS.length; bucket++) {
				this.probeAnswers[state.ordinal()][bucket] = encodeCompressed(zone.probeName(), TYPE_BUCKETS[bucket],
						zone.probeAnswer(state, TYPE_BUCKETS[bucket]));
			}
		}
	}

	private void prepareFixed(ServiceZone zone, int node, Name name) {
		this.answers[node] = new PreparedAnswer[TYPE_BUCKETS.length];
		for (int bucket = 0; bucket < TYPE_BUCKETS.length; bucket++) {
			this.answers[node][bucket] = encodeCompressed(name, TYPE_BUCKETS[bucket],
					zone.answer(name, TYPE_BUCKETS[bucket], DClass.IN));
		}
	}

	private void prepareVariable(ServiceZone zone, int node, Name representative, ZoneNode kind) {
		this.answers[node] = new PreparedAnswer[TYPE_BUCKETS.length];
		for (int bucket = 0; bucket < TYPE_BUCKETS.length; bucket++) {
			this.answers[node][bucket] = encodePositionIndependent(representative,
					zone.answerAt(kind, representative, TYPE_BUCKETS[bucket]));
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

	private static int bucket(int type) {
		for (int i = 0; i < BUCKET_OTHER; i++) {
			if (TYPE_BUCKETS[i] == type) {
				return i;
			}
		}
		return BUCKET_OTHER;
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
