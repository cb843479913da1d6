package dev.selfdns.zone;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The service subdomain as this host serves it: what every host shares ({@link SharedZone}) and
 * this host's own identity ({@link HostIdentity}). {@link #answer(Name, int, int)} is the
 * reference definition of what the name server says to every question; the wire layer prepares
 * its bytes from it. Immutable: a changed zone is a new one, swapped in whole. Build one with
 * {@link #builder(String)}.
 */
public final class ServiceZone {

	/** The label of the probe name, {@code _selfdns.<zone>}, which selfdns keeps for itself. */
	public static final String PROBE_LABEL = "_selfdns";

	/** CNAMEs followed inside the zone, at most: BIND's limit is 16, and one is the common case. */
	private static final int MAX_CNAME_CHAIN = 8;

	private final SharedZone shared;

	private final HostIdentity identity;

	private final Name origin;

	private final List<InetAddress> addresses;

	private final List<NameServer> nameServers;

	private final long ttl;

	private final SOARecord soa;

	private final boolean wildcard;

	private final StaticRecords records;

	/** The names below the apex that own records: in-zone name servers and static records' owners. */
	private final List<Name> owned;

	private final List<Name> emptyNonTerminals;

	private final @Nullable Name ownNameServer;

	private final Name probeName;

	/**
	 * Create a zone.
	 * @param shared what every host serves alike
	 * @param identity this host's addresses, name server name and NSID
	 */
	public ServiceZone(SharedZone shared, HostIdentity identity) {
		this.shared = shared;
		this.identity = identity;
		this.origin = shared.origin();
		this.addresses = identity.addresses();
		this.nameServers = shared.nameServers();
		this.ttl = shared.ttl();
		this.soa = shared.soa();
		this.wildcard = shared.wildcard();
		this.records = shared.records();
		this.owned = ownedNames(shared);
		this.emptyNonTerminals = findEmptyNonTerminals(this.origin, this.owned);
		this.ownNameServer = ownNameServer(shared, identity);
		this.probeName = probeName(this.origin);
	}

	private static Name probeName(Name origin) {
		try {
			return Name.concatenate(Name.fromConstantString(PROBE_LABEL), origin);
		}
		catch (Exception ex) {
			throw new InvalidZoneException("zone", origin, "the zone name is too long to have names below it");
		}
	}

	/**
	 * The name a host's peers ask for its state ({@code _selfdns.<zone>} TXT).
	 * @return the probe name
	 */
	public Name probeName() {
		return this.probeName;
	}

	/**
	 * The answer to a question for the probe name, in a given state of this host. TTL 0: a
	 * state must not be cached.
	 * @param state the host's state
	 * @param type the query type
	 * @return TXT with the state for TXT and ANY, NODATA for other types
	 */
	public ZoneAnswer probeAnswer(HostState state, int type) {
		if (type == Type.TXT || type == Type.ANY) {
			return ZoneAnswer.positive(List.of(new TXTRecord(this.probeName, DClass.IN, 0, state.text())), List.of());
		}
		return nodata();
	}

	/**
	 * Start building a zone.
	 * @param origin the zone's name, e.g. {@code www.example.com}
	 * @return a builder
	 */
	public static ZoneBuilder builder(String origin) {
		return new ZoneBuilder(ZoneBuilder.name(origin));
	}

	/**
	 * Start building a zone.
	 * @param origin the zone's name, absolute
	 * @return a builder
	 */
	public static ZoneBuilder builder(Name origin) {
		return new ZoneBuilder(origin);
	}

	private static @Nullable Name ownNameServer(SharedZone shared, HostIdentity identity) {
		Name configured = identity.ownNameServer();
		if (configured != null) {
			// It may be missing from the NS set read from the parent until this host registers.
			return configured;
		}
		// A name server inside the zone whose addresses are this host's is this host's.
		return shared.inZoneNameServers()
			.stream()
			.filter((ns) -> ns.addresses().stream().anyMatch(identity.addresses()::contains))
			.map(NameServer::name)
			.findFirst()
			.orElse(null);
	}

	/**
	 * The same zone served by a host of another identity (new addresses, say).
	 * @param identity the identity
	 * @return the zone
	 */
	public ServiceZone withIdentity(HostIdentity identity) {
		return new ServiceZone(this.shared, identity);
	}

	/**
	 * The same zone with another NS set (read from the parent, say). The SOA names the first
	 * name server as primary and gets a serial derived from the old one and the new set, so
	 * hosts that see the same change agree on it.
	 * @param nameServers the NS set, not empty; addresses are kept for every name (served as
	 * glue only for names inside the zone, used to reach peers for the others)
	 * @return the zone, this one if the set is the same
	 */
	public ServiceZone withNameServers(List<NameServer> nameServers) {
		if (nameServers.equals(this.nameServers)) {
			return this;
		}
		CRC32 crc = new CRC32();
		StringBuilder text = new StringBuilder().append(this.soa.getSerial());
		nameServers.forEach((ns) -> text.append(' ').append(ns.name()).append(ns.addresses()));
		crc.update(text.toString().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
		SOARecord next = new SOARecord(this.origin, DClass.IN, this.soa.getTTL(), nameServers.get(0).name(),
				this.soa.getAdmin(), crc.getValue(), this.soa.getRefresh(), this.soa.getRetry(), this.soa.getExpire(),
				this.soa.getMinimum());
		return new ServiceZone(new SharedZone(this.origin, nameServers, this.ttl, next, this.wildcard, this.records),
				this.identity);
	}

	public SharedZone shared() {
		return this.shared;
	}

	public HostIdentity identity() {
		return this.identity;
	}

	/**
	 * This host's name server name: the configured one, else the in-zone name server whose
	 * addresses are this host's.
	 * @return the name, {@code null} while unknown
	 */
	public @Nullable Name ownNameServer() {
		return this.ownNameServer;
	}

	/**
	 * What the parent zone needs to delegate the zone to the fleet.
	 * @return the delegation records
	 */
	public Delegation delegation() {
		List<Record> glue = new ArrayList<>(glueRecords());
		Name parent = new Name(this.origin, 1);
		if (this.ownNameServer != null && !this.ownNameServer.subdomain(this.origin)
				&& this.ownNameServer.subdomain(parent)) {
			glue.addAll(addressRecords(this.ownNameServer, this.addresses, Type.A));
			glue.addAll(addressRecords(this.ownNameServer, this.addresses, Type.AAAA));
		}
		return new Delegation(parent, nsRecords(), glue, this.ownNameServer);
	}

	/** The names below the apex that own records: in-zone name servers and static records' owners. */
	private static List<Name> ownedNames(SharedZone shared) {
		Set<Name> owned = new LinkedHashSet<>();
		shared.inZoneNameServers().forEach((ns) -> owned.add(ns.name()));
		shared.records().names().stream().filter((name) -> !name.equals(shared.origin())).forEach(owned::add);
		return List.copyOf(owned);
	}

	private static List<Name> findEmptyNonTerminals(Name origin, List<Name> owned) {
		Set<Name> result = new LinkedHashSet<>();
		for (Name name : owned) {
			for (int strip = 1; strip < name.labels() - origin.labels(); strip++) {
				Name ancestor = new Name(name, strip);
				if (!owned.contains(ancestor)) {
					result.add(ancestor);
				}
			}
		}
		return List.copyOf(result);
	}

	public Name origin() {
		return this.origin;
	}

	public List<InetAddress> addresses() {
		return this.addresses;
	}

	public List<NameServer> nameServers() {
		return this.nameServers;
	}

	public long ttl() {
		return this.ttl;
	}

	public SOARecord soa() {
		return this.soa;
	}

	public boolean wildcard() {
		return this.wildcard;
	}

	/**
	 * The static records every host serves.
	 * @return the records
	 */
	public StaticRecords records() {
		return this.records;
	}

	/**
	 * Names below the apex that own static records, in the order configured.
	 * @return the names
	 */
	public List<Name> staticNames() {
		return this.records.names().stream().filter((name) -> !name.equals(this.origin)).toList();
	}

	/**
	 * Names inside the zone that exist only because a name server name or a static record's
	 * owner lies below them.
	 * @return the empty non-terminals
	 */
	public List<Name> emptyNonTerminals() {
		return this.emptyNonTerminals;
	}

	/**
	 * Name servers whose names lie inside the zone, so their addresses are served from it.
	 * @return the in-zone name servers
	 */
	public List<NameServer> inZoneNameServers() {
		return this.shared.inZoneNameServers();
	}

	/**
	 * Classify a name against the zone.
	 * @param name an absolute name
	 * @return the node the name falls on
	 */
	public ZoneNode classify(Name name) {
		if (!name.subdomain(this.origin)) {
			return ZoneNode.OUTSIDE;
		}
		if (name.equals(this.origin)) {
			return ZoneNode.APEX;
		}
		if (name.equals(this.probeName)) {
			return ZoneNode.PROBE;
		}
		if (name.subdomain(this.probeName)) {
			return ZoneNode.NONEXISTENT;
		}
		if (!nameServerAddresses(name).isEmpty()) {
			return ZoneNode.NAME_SERVER;
		}
		if (!this.records.at(name).isEmpty()) {
			return ZoneNode.STATIC;
		}
		if (this.emptyNonTerminals.contains(name)) {
			return ZoneNode.EMPTY_NON_TERMINAL;
		}
		// RFC 4592: a wildcard at the apex only covers names whose closest encloser is the apex.
		for (Name owner : this.owned) {
			if (name.subdomain(owner)) {
				return ZoneNode.NONEXISTENT;
			}
		}
		for (Name ent : this.emptyNonTerminals) {
			if (name.subdomain(ent)) {
				return ZoneNode.NONEXISTENT;
			}
		}
		return this.wildcard ? ZoneNode.WILDCARD : ZoneNode.NONEXISTENT;
	}

	/**
	 * The answer to a question.
	 * @param name the query name (absolute)
	 * @param type the query type
	 * @param dclass the query class
	 * @return the answer
	 */
	public ZoneAnswer answer(Name name, int type, int dclass) {
		if (dclass != DClass.IN || type == Type.AXFR || type == Type.IXFR) {
			return ZoneAnswer.refused();
		}
		return answerAt(classify(name), name, type);
	}

	/**
	 * The answer to a question of class IN whose name is already classified.
	 * @param node the node the name falls on
	 * @param name the query name
	 * @param type the query type, not a zone transfer
	 * @return the answer
	 */
	public ZoneAnswer answerAt(ZoneNode node, Name name, int type) {
		return switch (node) {
			case OUTSIDE -> ZoneAnswer.refused();
			case APEX -> answerApex(type);
			case NAME_SERVER -> answerAddresses(name, nameServerAddresses(name), type);
			case STATIC -> answerStatic(name, type);
			case WILDCARD -> answerAddresses(name, this.addresses, type);
			case EMPTY_NON_TERMINAL -> nodata();
			// The reference answers as an open host; the query chain gives the host's real state.
			case PROBE -> probeAnswer(HostState.OPEN, type);
			case NONEXISTENT -> ZoneAnswer.negative(Rcode.NXDOMAIN, this.soa);
		};
	}

	private ZoneAnswer answerApex(int type) {
		if (type == Type.NS) {
			return ZoneAnswer.positive(nsRecords(), glueRecords());
		}
		if (type == Type.SOA) {
			return ZoneAnswer.positive(List.of(this.soa), List.of());
		}
		RRset own = this.records.get(this.origin, type);
		if (own != null && type != Type.ANY) {
			return ZoneAnswer.positive(own.rrs(), List.of());
		}
		return answerAddresses(this.origin, this.addresses, type);
	}

	private ZoneAnswer answerStatic(Name name, int type) {
		List<RRset> sets = this.records.at(name);
		// RFC 1034 section 4.3.2: a CNAME answers every type, followed inside the zone.
		RRset cname = this.records.get(name, Type.CNAME);
		if (cname != null) {
			return (type == Type.CNAME || type == Type.ANY) ? ZoneAnswer.positive(cname.rrs(), List.of())
					: followed(cname, type);
		}
		// RFC 8482: one RRset for ANY, the first configured.
		RRset set = (type == Type.ANY) ? sets.get(0) : this.records.get(name, type);
		return (set != null) ? ZoneAnswer.positive(set.rrs(), List.of()) : nodata();
	}

	/**
	 * A CNAME chain followed while its targets are names of this zone (RFC 1034 section 4.3.2
	 * step 3a): each CNAME in the answer section, then the last target's answer, whether records
	 * (a wildcard's expanded), NODATA or NXDOMAIN (RFC 6604: the rcode is the last target's),
	 * with its SOA. A target elsewhere or a loop ends the chain where it is; the resolver asks on.
	 */
	private ZoneAnswer followed(RRset cname, int type) {
		List<Record> answer = new ArrayList<>(cname.rrs());
		Set<Name> seen = new LinkedHashSet<>(List.of(cname.getName()));
		Name target = ((CNAMERecord) cname.first()).getTarget();
		for (int hop = 0; hop < MAX_CNAME_CHAIN && seen.add(target); hop++) {
			ZoneNode node = classify(target);
			if (node == ZoneNode.OUTSIDE || node == ZoneNode.PROBE) {
				break;
			}
			RRset next = (node == ZoneNode.STATIC) ? this.records.get(target, Type.CNAME) : null;
			if (next != null) {
				answer.addAll(next.rrs());
				target = ((CNAMERecord) next.first()).getTarget();
				continue;
			}
			ZoneAnswer end = answerAt(node, target, type);
			answer.addAll(end.answer());
			return new ZoneAnswer(end.rcode(), true, answer, end.authority(), List.of());
		}
		return ZoneAnswer.positive(answer, List.of());
	}

	private ZoneAnswer answerAddresses(Name owner, List<InetAddress> from, int type) {
		if (type == Type.ANY) {
			// RFC 8482: one RRset, never everything. The address set is the one callers want.
			List<Record> records = addressRecords(owner, from, Type.A);
			return records.isEmpty() ? answerAddresses(owner, from, Type.AAAA)
					: ZoneAnswer.positive(records, List.of());
		}
		if (type == Type.A || type == Type.AAAA) {
			List<Record> records = addressRecords(owner, from, type);
			return records.isEmpty() ? nodata() : ZoneAnswer.positive(records, List.of());
		}
		return nodata();
	}

	private ZoneAnswer nodata() {
		return ZoneAnswer.negative(Rcode.NOERROR, this.soa);
	}

	private List<InetAddress> nameServerAddresses(Name name) {
		for (NameServer ns : this.nameServers) {
			if (ns.name().equals(name)) {
				return ns.addresses();
			}
		}
		return List.of();
	}

	private List<Record> nsRecords() {
		return this.nameServers.stream()
			.map((ns) -> (Record) new NSRecord(this.origin, DClass.IN, this.ttl, ns.name()))
			.toList();
	}

	private List<Record> glueRecords() {
		List<Record> glue = new ArrayList<>();
		for (NameServer ns : inZoneNameServers()) {
			glue.addAll(addressRecords(ns.name(), ns.addresses(), Type.A));
			glue.addAll(addressRecords(ns.name(), ns.addresses(), Type.AAAA));
		}
		return glue;
	}

	private List<Record> addressRecords(Name owner, List<InetAddress> from, int type) {
		List<Record> records = new ArrayList<>();
		for (InetAddress address : from) {
			if (type == Type.A && address instanceof Inet4Address) {
				records.add(new ARecord(owner, DClass.IN, this.ttl, address));
			}
			else if (type == Type.AAAA && address instanceof Inet6Address) {
				records.add(new AAAARecord(owner, DClass.IN, this.ttl, address));
			}
		}
		return records;
	}

}
