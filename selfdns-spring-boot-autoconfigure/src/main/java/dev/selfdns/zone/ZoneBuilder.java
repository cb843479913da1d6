package dev.selfdns.zone;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * Builds a {@link ServiceZone}, deriving what a zone needs but nobody should have to choose:
 * the SOA serial (from what all hosts share, so every host reports the same one), the
 * hostmaster mailbox and the negative TTL. A user's own zone bean is
 * {@code ServiceZone.builder("www.example.com").addresses(...).nameServer(...).build()}.
 * Every check fails with an {@link InvalidZoneException} naming the setting and the fix.
 */
public final class ZoneBuilder {

	/** The TTL of address and NS records unless set: {@code selfdns.ttl}'s default. */
	public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

	private static final long MAX_TTL = Integer.MAX_VALUE;

	private static final long MAX_SERIAL = 0xFFFFFFFFL;

	// Room enough for a host name; NSID is for telling hosts apart, not for carrying data.
	private static final int MAX_NSID = 128;

	// RFC 1912 section 2.2 values; nothing transfers this zone, so they only need to be sane.
	private static final long SOA_REFRESH = 3600;

	private static final long SOA_RETRY = 600;

	private static final long SOA_EXPIRE = 86400;

	private final Name origin;

	private final List<InetAddress> addresses = new ArrayList<>();

	private final List<NameServer> nameServers = new ArrayList<>();

	private Duration ttl = DEFAULT_TTL;

	private @Nullable Duration negativeTtl;

	private @Nullable Name hostmaster;

	private @Nullable Long serial;

	private boolean wildcard;

	private @Nullable Name ownNameServer;

	private @Nullable String nsid;

	private List<String> records = List.of();

	/** Child zones served by the same host: each one's NS set, by its name. */
	private final Map<Name, List<Name>> children = new LinkedHashMap<>();

	/** Each child zone's DS set, empty for an unsigned one. */
	private final Map<Name, List<Record>> childDs = new LinkedHashMap<>();

	ZoneBuilder(Name origin) {
		if (!origin.isAbsolute()) {
			throw new InvalidZoneException("zone", origin, "the zone name must be absolute");
		}
		if (origin.labels() < 2) {
			throw new InvalidZoneException("zone", origin,
					"the root zone cannot be served; use a subdomain such as 'www.example.com'");
		}
		this.origin = origin;
	}

	static Name name(String text) {
		try {
			return Name.fromString(text, Name.root);
		}
		catch (TextParseException ex) {
			throw new InvalidZoneException("zone", text, "not a domain name: " + ex.getMessage());
		}
	}

	/**
	 * Add this host's addresses: the only ones it answers with.
	 * @param addresses IPv4 and IPv6 addresses
	 * @return this builder
	 */
	public ZoneBuilder addresses(InetAddress... addresses) {
		return addresses(List.of(addresses));
	}

	/**
	 * Add this host's addresses: the only ones it answers with.
	 * @param addresses IPv4 and IPv6 addresses
	 * @return this builder
	 */
	public ZoneBuilder addresses(List<InetAddress> addresses) {
		this.addresses.addAll(addresses);
		return this;
	}

	/**
	 * Add a name server to the NS set, in order.
	 * @param name its name
	 * @param addresses its addresses: required when the name lies inside the zone (they are
	 * served as glue), none otherwise
	 * @return this builder
	 */
	public ZoneBuilder nameServer(Name name, InetAddress... addresses) {
		return nameServer(new NameServer(name, List.of(addresses)));
	}

	/**
	 * Add a name server to the NS set, in order.
	 * @param nameServer the name server
	 * @return this builder
	 */
	public ZoneBuilder nameServer(NameServer nameServer) {
		this.nameServers.add(nameServer);
		return this;
	}

	/**
	 * Add name servers to the NS set, in order.
	 * @param nameServers the name servers
	 * @return this builder
	 */
	public ZoneBuilder nameServers(List<NameServer> nameServers) {
		this.nameServers.addAll(nameServers);
		return this;
	}

	/**
	 * The TTL of address and NS records (default {@link #DEFAULT_TTL}).
	 * @param ttl whole seconds
	 * @return this builder
	 */
	public ZoneBuilder ttl(Duration ttl) {
		this.ttl = ttl;
		return this;
	}

	/**
	 * How long resolvers cache NXDOMAIN and NODATA (default: the TTL).
	 * @param negativeTtl whole seconds, {@code null} for the TTL
	 * @return this builder
	 */
	public ZoneBuilder negativeTtl(@Nullable Duration negativeTtl) {
		this.negativeTtl = negativeTtl;
		return this;
	}

	/**
	 * The SOA's mailbox (default {@code hostmaster.<zone>}).
	 * @param hostmaster the mailbox as a name, {@code null} for the default
	 * @return this builder
	 */
	public ZoneBuilder hostmaster(@Nullable Name hostmaster) {
		this.hostmaster = hostmaster;
		return this;
	}

	/**
	 * The SOA serial (default: derived from what all hosts share).
	 * @param serial 0 to 4294967295, {@code null} to derive it
	 * @return this builder
	 */
	public ZoneBuilder serial(@Nullable Long serial) {
		this.serial = serial;
		return this;
	}

	/**
	 * Whether names below the zone are answered like the zone itself.
	 * @param wildcard {@code true} to answer them
	 * @return this builder
	 */
	public ZoneBuilder wildcard(boolean wildcard) {
		this.wildcard = wildcard;
		return this;
	}

	/**
	 * This host's name server name (default: the in-zone name server whose addresses are this
	 * host's).
	 * @param ownNameServer one of the NS set, {@code null} to derive it
	 * @return this builder
	 */
	public ZoneBuilder ownNameServer(@Nullable Name ownNameServer) {
		this.ownNameServer = ownNameServer;
		return this;
	}

	/**
	 * What an NSID option names this host (default: none).
	 * @param nsid 1 to 128 bytes of text, {@code null} or empty for none
	 * @return this builder
	 */
	public ZoneBuilder nsid(@Nullable String nsid) {
		this.nsid = (nsid == null || nsid.isEmpty()) ? null : nsid;
		return this;
	}

	/**
	 * Records every host serves alike (default: none), as zone-file lines relative to the zone,
	 * one record each: {@code "@ TXT \"v=verify123\""}, {@code "_acme-challenge CNAME
	 * _acme-challenge.acme.example.net."}. A line without a TTL gets the zone's TTL.
	 * @param records the lines
	 * @return this builder
	 */
	public ZoneBuilder records(List<String> records) {
		this.records = List.copyOf(records);
		return this;
	}

	/**
	 * Delegate a child zone that the same host serves (a zone of {@code selfdns.zones} inside
	 * this one): the zone then holds the child's NS set and, for a signed child, its DS set, and
	 * answers DS at the cut from the parent side (RFC 4035 section 2.4, 3.1.4.1); signed, its
	 * NSEC chain holds the cut. Everything else below the cut is the child's.
	 * @param child the child zone, below this one
	 * @param nameServers the child's NS set
	 * @param ds the child's DS records, empty for an unsigned child
	 * @return this builder
	 */
	public ZoneBuilder childZone(Name child, List<Name> nameServers, List<? extends Record> ds) {
		this.children.put(child, List.copyOf(nameServers));
		this.childDs.put(child, List.copyOf(ds));
		return this;
	}

	/**
	 * Every mistake of these settings, not only the first: each setting is checked on its own,
	 * and what depends on several of them (static records, the delegations) once they are right.
	 * @return the problems, empty if {@link #build()} succeeds
	 */
	public List<InvalidZoneException> problems() {
		List<InvalidZoneException> problems = new ArrayList<>();
		collect(problems, this::checkAddresses);
		collect(problems, this::checkNameServers);
		collect(problems, () -> ttl("ttl", this.ttl));
		if (this.negativeTtl != null) {
			Duration negative = this.negativeTtl;
			collect(problems, () -> ttl("soa.negative-ttl", negative));
		}
		collect(problems, this::checkNsid);
		if (problems.isEmpty()) {
			collect(problems, this::build);
		}
		return problems;
	}

	private static void collect(List<InvalidZoneException> problems, Runnable check) {
		try {
			check.run();
		}
		catch (InvalidZoneException ex) {
			problems.add(ex);
		}
	}

	/**
	 * Build the zone.
	 * @return the zone
	 * @throws InvalidZoneException naming what is wrong and how to fix it
	 */
	public ServiceZone build() {
		checkAddresses();
		checkNameServers();
		long ttlSeconds = ttl("ttl", this.ttl);
		long negative = (this.negativeTtl != null) ? ttl("soa.negative-ttl", this.negativeTtl) : ttlSeconds;
		Name mailbox = (this.hostmaster != null) ? this.hostmaster : defaultHostmaster();
		StaticRecords staticRecords = StaticRecords.parse(this.origin, this.records, ttlSeconds, "records");
		checkRecordNames(staticRecords);
		staticRecords = delegate(staticRecords, ttlSeconds);
		long soaSerial = (this.serial != null) ? checkedSerial(this.serial)
				: derivedSerial(ttlSeconds, negative, mailbox, staticRecords);
		SOARecord soa = new SOARecord(this.origin, DClass.IN, negative, this.nameServers.get(0).name(), mailbox,
				soaSerial, SOA_REFRESH, SOA_RETRY, SOA_EXPIRE, negative);
		checkNsid();
		if (this.ownNameServer != null
				&& this.nameServers.stream().noneMatch((ns) -> ns.name().equals(this.ownNameServer))) {
			throw new InvalidZoneException("own-name-server", this.ownNameServer, "must be one of selfdns.name-servers");
		}
		return new ServiceZone(
				new SharedZone(this.origin, this.nameServers, ttlSeconds, soa, this.wildcard, staticRecords),
				new HostIdentity(this.addresses, this.ownNameServer, this.nsid));
	}

	private void checkAddresses() {
		if (this.addresses.isEmpty()) {
			throw new InvalidZoneException("addresses", this.addresses,
					"list this host's public IPv4 and/or IPv6 addresses, for example '192.0.2.1, 2001:db8::1'");
		}
		Set<InetAddress> seen = new HashSet<>();
		for (InetAddress address : this.addresses) {
			if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
				throw new InvalidZoneException("addresses", address.getHostAddress(),
						"a wildcard or multicast address cannot receive clients");
			}
			if (!seen.add(address)) {
				throw new InvalidZoneException("addresses", address.getHostAddress(), "the address is listed twice");
			}
		}
	}

	private void checkNameServers() {
		if (this.nameServers.isEmpty()) {
			throw new InvalidZoneException("name-servers", this.nameServers, "list the name server name of every host, "
					+ "this one included, as in the parent zone's NS records, for example 'ns1-www.example.com'");
		}
		Set<Name> seen = new HashSet<>();
		for (NameServer ns : this.nameServers) {
			Name name = ns.name();
			if (!seen.add(name)) {
				throw new InvalidZoneException("name-servers", name, "the name server " + name + " is listed twice");
			}
			if (name.equals(this.origin)) {
				throw new InvalidZoneException("name-servers", name,
						"a name server cannot be named like the zone itself; use a name such as ns1." + this.origin);
			}
			if (name.labels() > this.origin.labels() && name.subdomain(this.origin)
					&& name.getLabelString(name.labels() - this.origin.labels() - 1)
						.equalsIgnoreCase(ServiceZone.PROBE_LABEL)) {
				throw new InvalidZoneException("name-servers", name, "names under " + ServiceZone.PROBE_LABEL + "."
						+ this.origin + " are selfdns' own (its peers ask there for each host's state)");
			}
			boolean inZone = name.subdomain(this.origin);
			if (inZone && ns.addresses().isEmpty()) {
				throw new InvalidZoneException("name-servers", name, "the name server " + name + " is inside the zone, "
						+ "so the zone must serve its addresses: write them after the name, as '" + name + " 192.0.2.1'");
			}
			if (!inZone && !ns.addresses().isEmpty()) {
				throw new InvalidZoneException("name-servers", name, "addresses are given only for name servers inside "
						+ this.origin + "; the addresses of " + name + " come from its own zone");
			}
		}
	}

	/** The child zones' delegations added, their NS records with the zone's TTL. */
	private StaticRecords delegate(StaticRecords staticRecords, long ttlSeconds) {
		StaticRecords delegated = staticRecords;
		for (Map.Entry<Name, List<Name>> child : this.children.entrySet()) {
			Name cut = child.getKey();
			if (cut.equals(this.origin) || !cut.subdomain(this.origin)) {
				throw new InvalidZoneException("zones", cut, "a child zone must lie below " + this.origin);
			}
			for (Name owner : staticRecords.names()) {
				if (owner.subdomain(cut)) {
					throw new InvalidZoneException("records[" + staticRecords.line(owner) + "]", owner, owner
							+ " lies in " + cut + ", a zone of its own served here: give the record to that zone");
				}
			}
			for (NameServer ns : this.nameServers) {
				if (ns.name().subdomain(cut)) {
					throw new InvalidZoneException("name-servers", ns.name(), ns.name() + " lies in " + cut
							+ ", a zone of its own served here, which would hide its addresses; name the name "
							+ "server in " + this.origin + " outside " + cut + ", or outside the zone");
				}
			}
			List<Record> records = new ArrayList<>();
			child.getValue().forEach((ns) -> records.add(new NSRecord(cut, DClass.IN, ttlSeconds, ns)));
			records.addAll(this.childDs.get(cut));
			delegated = delegated.withDelegation(cut, records);
		}
		return delegated;
	}

	/** A name server's name inside the zone owns its addresses, which come from the NS set. */
	private void checkRecordNames(StaticRecords staticRecords) {
		for (NameServer ns : this.nameServers) {
			int index = staticRecords.line(ns.name());
			if (index >= 0) {
				throw new InvalidZoneException("records[" + index + "]", this.records.get(index), ns.name()
						+ " is a name server of the zone: its records are its addresses in selfdns.name-servers; "
						+ "put other records at another name");
			}
		}
	}

	private void checkNsid() {
		if (this.nsid != null) {
			int length = this.nsid.getBytes(StandardCharsets.UTF_8).length;
			if (this.nsid.isBlank() || length > MAX_NSID) {
				throw new InvalidZoneException("nsid", this.nsid,
						"must be from 1 to " + MAX_NSID + " bytes of text, e.g. the host name");
			}
		}
	}

	private Name defaultHostmaster() {
		try {
			return Name.concatenate(Name.fromConstantString("hostmaster"), this.origin);
		}
		catch (Exception ex) {
			throw new InvalidZoneException("soa.hostmaster", null,
					"the zone name is too long for the default 'hostmaster' mailbox; set one explicitly");
		}
	}

	private static long checkedSerial(long serial) {
		if (serial < 0 || serial > MAX_SERIAL) {
			throw new InvalidZoneException("soa.serial", serial, "a serial is from 0 to 4294967295");
		}
		return serial;
	}

	/** Derived from what all hosts share (not their addresses), so every host reports one serial. */
	private long derivedSerial(long ttlSeconds, long negative, Name mailbox, StaticRecords staticRecords) {
		StringBuilder shared = new StringBuilder().append(this.origin)
			.append(' ')
			.append(ttlSeconds)
			.append(' ')
			.append(negative)
			.append(' ')
			.append(mailbox);
		this.nameServers.forEach((ns) -> shared.append(' ').append(ns.name()).append(ns.addresses()));
		if (!staticRecords.isEmpty()) {
			// Hosts with the same records agree on the serial; a change to them changes it.
			staticRecords.records().forEach((r) -> shared.append(' ').append(r.getTTL()).append(' ').append(r));
		}
		CRC32 crc = new CRC32();
		crc.update(shared.toString().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
		return crc.getValue();
	}

	private static long ttl(String setting, Duration value) {
		if (value.isNegative()) {
			throw new InvalidZoneException(setting, value, "a TTL cannot be negative");
		}
		if (value.getNano() != 0) {
			throw new InvalidZoneException(setting, value, "DNS TTLs are whole seconds");
		}
		if (value.getSeconds() > MAX_TTL) {
			throw new InvalidZoneException(setting, value, "a TTL is at most 2147483647 seconds (RFC 2181 section 8)");
		}
		return value.getSeconds();
	}

}
