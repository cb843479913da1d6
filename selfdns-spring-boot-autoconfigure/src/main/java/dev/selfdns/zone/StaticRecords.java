package dev.selfdns.zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Records that every host serves alike (TXT for domain verification, CAA, MX, a
 * {@code _acme-challenge} CNAME), written as zone-file lines relative to the zone and parsed
 * once by dnsjava. Only what cannot clash with what selfdns serves itself is accepted: the apex's
 * addresses, NS set, SOA and keys stay the host's own, and no line makes a zone cut or a DNSSEC
 * record (the one cut is a child zone the same host serves, {@link #withDelegation}). Immutable,
 * in the order configured.
 */
public final class StaticRecords {

	/** No static records. */
	public static final StaticRecords NONE = new StaticRecords(Map.of(), Map.of());

	/** What selfdns serves itself at the apex, whatever the configuration says. */
	private static final Set<Integer> OWN_AT_APEX = Set.of(Type.A, Type.AAAA, Type.NS, Type.SOA, Type.DNSKEY,
			Type.CNAME);

	/** Zone cuts, DNSSEC records and redirections of whole subtrees, which a static record cannot be. */
	private static final Set<Integer> NEVER = Set.of(Type.SOA, Type.NS, Type.DS, Type.DNSKEY, Type.RRSIG, Type.NSEC,
			Type.NSEC3, Type.NSEC3PARAM, Type.CDS, Type.CDNSKEY, Type.DNAME, Type.OPT, Type.TSIG, Type.TKEY, Type.SIG,
			Type.KEY, Type.NXT);

	private final Map<Name, List<RRset>> byName;

	/** The index of the first line that names each owner, for errors found later. */
	private final Map<Name, Integer> firstLine;

	private StaticRecords(Map<Name, List<RRset>> byName, Map<Name, Integer> firstLine) {
		this.byName = byName;
		this.firstLine = firstLine;
	}

	/**
	 * Parse zone-file lines, one record each: {@code "@ TXT \"v=verify123\""},
	 * {@code "_acme-challenge CNAME _acme-challenge.acme.example.net."}. Names are relative to
	 * the zone; a line without a TTL gets {@code defaultTtl}.
	 * @param origin the zone
	 * @param lines the lines
	 * @param defaultTtl the TTL of records whose line has none, in seconds
	 * @param setting the setting the lines come from, as {@code records}; errors name
	 * {@code records[i]}
	 * @return the records
	 * @throws InvalidZoneException naming the line that is wrong and why
	 */
	public static StaticRecords parse(Name origin, List<String> lines, long defaultTtl, String setting) {
		if (lines.isEmpty()) {
			return NONE;
		}
		Map<Name, List<RRset>> byName = new LinkedHashMap<>();
		Map<Name, Integer> firstLine = new LinkedHashMap<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			String at = setting + "[" + i + "]";
			Record record = parseLine(origin, line, defaultTtl, at);
			check(origin, record, line, at);
			firstLine.putIfAbsent(record.getName(), i);
			List<RRset> sets = byName.computeIfAbsent(record.getName(), (name) -> new ArrayList<>());
			RRset set = sets.stream().filter((s) -> s.getType() == record.getType()).findFirst().orElse(null);
			if (set == null) {
				if (record.getType() == Type.CNAME && !sets.isEmpty()) {
					throw new InvalidZoneException(at, line, "a CNAME cannot share its name with other records "
							+ "(RFC 1034 section 3.6.2); " + record.getName() + " already has "
							+ Type.string(sets.get(0).getType()));
				}
				if (sets.stream().anyMatch((s) -> s.getType() == Type.CNAME)) {
					throw new InvalidZoneException(at, line, record.getName()
							+ " is a CNAME, which cannot share its name with other records (RFC 1034 section 3.6.2)");
				}
				sets.add(new RRset(record));
				continue;
			}
			if (record.getType() == Type.CNAME) {
				throw new InvalidZoneException(at, line, "a name has at most one CNAME; " + record.getName()
						+ " already has one");
			}
			if (set.rrs().contains(record)) {
				throw new InvalidZoneException(at, line, "the record is listed twice");
			}
			if (set.getTTL() != record.getTTL()) {
				throw new InvalidZoneException(at, line, "the records of one name and type share one TTL (RFC 2181 "
						+ "section 5.2): give them all " + set.getTTL() + " or all " + record.getTTL());
			}
			set.addRR(record);
		}
		Map<Name, List<RRset>> frozen = new LinkedHashMap<>();
		byName.forEach((name, sets) -> frozen.put(name, List.copyOf(sets)));
		return new StaticRecords(Collections.unmodifiableMap(frozen), Map.copyOf(firstLine));
	}

	private static Record parseLine(Name origin, String line, long defaultTtl, String at) {
		String text = line.strip();
		if (text.isEmpty()) {
			throw new InvalidZoneException(at, line, "the line is empty; write a record such as '@ TXT \"v=1\"'");
		}
		// Directives ($INCLUDE reads files, $ORIGIN moves names) have no place in one record.
		if (text.startsWith("$")) {
			throw new InvalidZoneException(at, line, "directives such as $ORIGIN, $TTL or $INCLUDE are not read; "
					+ "write one record, with names relative to the zone and the TTL in the line if needed");
		}
		try (Master master = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), origin,
				defaultTtl)) {
			Record record = master.nextRecord();
			if (record == null) {
				throw new InvalidZoneException(at, line, "no record in the line; write one such as '@ TXT \"v=1\"'");
			}
			if (master.nextRecord() != null) {
				throw new InvalidZoneException(at, line, "one record per line");
			}
			return record;
		}
		catch (IOException ex) {
			throw new InvalidZoneException(at, line, "not a zone-file record (" + cleanMessage(ex)
					+ "); write it as '<name> [ttl] [IN] <type> <data>' with the name relative to " + origin
					+ ", for example '@ TXT \"v=1\"' or '_dmarc TXT \"v=DMARC1; p=none\"'");
		}
	}

	private static String cleanMessage(IOException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		// dnsjava prefixes the stream's name and line number, which say nothing here.
		return message.replaceFirst("^[^:]*:\\d+: ", "");
	}

	private static void check(Name origin, Record record, String line, String at) {
		Name name = record.getName();
		int type = record.getType();
		if (record.getDClass() != DClass.IN) {
			throw new InvalidZoneException(at, line, "only class IN is served");
		}
		if (!name.subdomain(origin)) {
			throw new InvalidZoneException(at, line, name + " is outside the zone " + origin
					+ "; write names relative to the zone ('@' for the zone itself), or end them with the zone's name");
		}
		if (name.isWild()) {
			throw new InvalidZoneException(at, line, "wildcard names are not served as static records; "
					+ "selfdns.wildcard answers every name below the zone with the host's addresses");
		}
		if (name.labels() > origin.labels() && name.getLabelString(name.labels() - origin.labels() - 1)
			.equalsIgnoreCase(ServiceZone.PROBE_LABEL)) {
			throw new InvalidZoneException(at, line, "names at and under " + ServiceZone.PROBE_LABEL + "." + origin
					+ " are selfdns' own (its peers ask there for each host's state)");
		}
		if (name.equals(origin) && OWN_AT_APEX.contains(type)) {
			throw new InvalidZoneException(at, line, Type.string(type) + " at the zone's apex is the host's own: "
					+ switch (type) {
						case Type.A, Type.AAAA -> "each host answers with its own addresses (selfdns.addresses)";
						case Type.NS -> "the NS set is selfdns.name-servers (or the parent's, with peers.source=parent)";
						case Type.SOA -> "set its fields with selfdns.soa.*";
						case Type.DNSKEY -> "the keys are selfdns.dnssec.keys";
						default -> "the apex owns SOA and NS, so it cannot be a CNAME (RFC 1034 section 3.6.2)";
					});
		}
		if (NEVER.contains(type)) {
			throw new InvalidZoneException(at, line, Type.string(type) + " cannot be a static record: selfdns "
					+ "serves no zone cuts below the zone and makes its own SOA and DNSSEC records");
		}
	}

	/**
	 * These records and the delegation of a child zone served by the same host: its NS set and,
	 * for a signed child, its DS set (RFC 4035 section 2.4), which the parent side answers. They
	 * are never configured, so they pass none of a configured line's checks.
	 * @param child the child zone, below this zone
	 * @param records its NS and DS records
	 * @return the records with the delegation's added
	 */
	public StaticRecords withDelegation(Name child, List<Record> records) {
		Map<Name, List<RRset>> byName = new LinkedHashMap<>(this.byName);
		List<RRset> sets = new ArrayList<>();
		for (Record record : records) {
			RRset set = sets.stream().filter((s) -> s.getType() == record.getType()).findFirst().orElse(null);
			if (set == null) {
				sets.add(new RRset(record));
			}
			else {
				set.addRR(record);
			}
		}
		byName.put(child, List.copyOf(sets));
		return new StaticRecords(Collections.unmodifiableMap(byName), this.firstLine);
	}

	/**
	 * Whether there are none.
	 * @return {@code true} for no records
	 */
	public boolean isEmpty() {
		return this.byName.isEmpty();
	}

	/**
	 * The names that own records, in the order configured.
	 * @return the names
	 */
	public Set<Name> names() {
		return this.byName.keySet();
	}

	/**
	 * Which line first gave a name records.
	 * @param name an owner
	 * @return the index of its first line, -1 if it owns none
	 */
	public int line(Name name) {
		return this.firstLine.getOrDefault(name, -1);
	}

	/**
	 * The RRsets a name owns.
	 * @param name the name
	 * @return the RRsets in the order configured, empty if it owns none
	 */
	public List<RRset> at(Name name) {
		return this.byName.getOrDefault(name, List.of());
	}

	/**
	 * One RRset.
	 * @param name the owner
	 * @param type the type
	 * @return the RRset, {@code null} if there is none
	 */
	public @Nullable RRset get(Name name, int type) {
		for (RRset set : at(name)) {
			if (set.getType() == type) {
				return set;
			}
		}
		return null;
	}

	/**
	 * Every type among the records.
	 * @return the types, in ascending order
	 */
	public Set<Integer> types() {
		Set<Integer> types = new TreeSet<>();
		this.byName.values().forEach((sets) -> sets.forEach((set) -> types.add(set.getType())));
		return types;
	}

	/**
	 * Every RRset.
	 * @return the RRsets, by name in the order configured
	 */
	public List<RRset> rrsets() {
		List<RRset> all = new ArrayList<>();
		this.byName.values().forEach(all::addAll);
		return all;
	}

	/**
	 * Every record.
	 * @return the records, by name and type in the order configured
	 */
	public List<Record> records() {
		List<Record> all = new ArrayList<>();
		rrsets().forEach((set) -> all.addAll(set.rrs()));
		return all;
	}

	@Override
	public boolean equals(Object other) {
		if (!(other instanceof StaticRecords that)) {
			return false;
		}
		List<Record> mine = records();
		List<Record> theirs = that.records();
		if (!mine.equals(theirs)) {
			return false;
		}
		// Record equality leaves the TTL out; a changed TTL is a changed zone.
		for (int i = 0; i < mine.size(); i++) {
			if (mine.get(i).getTTL() != theirs.get(i).getTTL()) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		return records().hashCode();
	}

	@Override
	public String toString() {
		return records().toString();
	}

}
