package dev.selfdns.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

import dev.selfdns.dnssec.DnssecMode;
import dev.selfdns.dnssec.KeyState;
import dev.selfdns.discovery.AddressDiscoveryMode;
import dev.selfdns.registration.DeregisterPolicy;
import dev.selfdns.gate.WhenClosed;
import dev.selfdns.shaping.ShapingMode;
import dev.selfdns.shaping.ShedAction;
import dev.selfdns.shaping.SignalStatistic;
import dev.selfdns.zone.InvalidZoneException;
import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.ServiceZone;
import dev.selfdns.zone.ZoneBuilder;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for selfdns. Names, addresses and name-server entries are bound
 * by selfdns' own converters; every other rule is checked here when the properties are bound
 * ({@link SelfDnsPropertiesValidator}), so a wrong value fails start-up naming the property and
 * the fix.
 */
@ConfigurationProperties("selfdns")
public class SelfDnsProperties implements Validator, BeanFactoryAware {

	/** The beans of the application, to know whether a bean of the user's stands in for settings. */
	private @Nullable ListableBeanFactory beans;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beans = (beanFactory instanceof ListableBeanFactory listable) ? listable : null;
	}

	@Override
	public boolean supports(Class<?> type) {
		return SelfDnsProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		new SelfDnsPropertiesValidator((SelfDnsProperties) target, errors, ((SelfDnsProperties) target).beans)
			.validate();
	}

	/**
	 * How many zones are configured: those of {@code selfdns.zones}, or one.
	 * @return the number of zones
	 */
	int zoneCount() {
		return this.zones.isEmpty() ? 1 : this.zones.size();
	}

	/**
	 * The prefix of a zone's settings in error messages.
	 * @param index the zone, from 0
	 * @return {@code ""} for the one-zone form, else {@code "zones[i]."}
	 */
	String zoneSetting(int index) {
		return this.zones.isEmpty() ? "" : "zones[" + index + "].";
	}

	/**
	 * A zone's settings, the one-zone form's seen as a zone entry.
	 * @param index the zone, from 0
	 * @return the settings
	 */
	Zone zoneSettings(int index) {
		if (!this.zones.isEmpty()) {
			return this.zones.get(index);
		}
		Zone one = new Zone();
		one.setZone(this.zone);
		one.setNameServers(this.nameServers);
		one.setOwnNameServer(this.ownNameServer);
		one.setWildcard(this.wildcard);
		one.setRecords(this.records);
		one.soa = this.soa;
		return one;
	}

	/**
	 * A zone's own addresses: its {@code addresses}, else this host's.
	 * @param index the zone, from 0
	 * @return the addresses, empty where they are discovered at start-up
	 */
	List<IpLiteral> zoneAddresses(int index) {
		List<IpLiteral> own = zoneSettings(index).getAddresses();
		return own.isEmpty() ? this.addresses : own;
	}

	/**
	 * The health group that gates a zone: its own, else {@code selfdns.gate.health-group}.
	 * @param index the zone, from 0
	 * @return the group, empty for overall health
	 */
	String zoneHealthGroup(int index) {
		String own = zoneSettings(index).getGate().getHealthGroup();
		return ((own != null) ? own : this.gate.getHealthGroup()).trim();
	}

	/**
	 * A builder for one zone these properties describe. Its errors name settings relative to
	 * the zone ({@code name-servers}); prefix them with {@link #zoneSetting(int)}.
	 * @param index the zone, from 0
	 * @return the builder
	 * @throws InvalidZoneException if the zone is unset or its SOA mailbox unreadable
	 */
	ZoneBuilder zoneBuilder(int index) {
		return zoneBuilder(index, (child) -> List.of());
	}

	/**
	 * A builder for one zone, with the DS sets of the zones it delegates to.
	 * @param index the zone, from 0
	 * @param childDs the DS set of each zone of these properties this one delegates to, by
	 * index; empty for an unsigned one
	 * @return the builder
	 * @throws InvalidZoneException if the zone is unset or its SOA mailbox unreadable
	 */
	/**
	 * The longest answer TTL of any zone served: how long a client may hold an answer from
	 * this host, so what the shutdown drain waits by default.
	 * @return the TTL
	 */
	Duration longestTtl() {
		Duration longest = this.ttl;
		for (int i = 0; i < zoneCount(); i++) {
			Duration own = zoneSettings(i).getTtl();
			if (own != null && own.compareTo(longest) > 0) {
				longest = own;
			}
		}
		return longest;
	}

	ZoneBuilder zoneBuilder(int index, IntFunction<List<DSRecord>> childDs) {
		Zone settings = zoneSettings(index);
		Name origin = settings.getZone();
		if (origin == null) {
			throw new InvalidZoneException("zone", null,
					"set it to the service subdomain this host serves, for example 'www.example.com'");
		}
		List<IpLiteral> addresses = zoneAddresses(index);
		Name own = ownNameServer(index);
		List<NameServer> served = zoneNameServers(index);
		ZoneBuilder builder = ServiceZone.builder(origin);
		for (int child : childZones(index)) {
			Name name = Objects.requireNonNull(zoneSettings(child).getZone());
			builder.childZone(name, zoneNameServers(child).stream().map(NameServer::name).toList(),
					childDs.apply(child));
		}
		return builder
			.addresses(addresses.stream().map(IpLiteral::address).toList())
			.nameServers(served)
			.ttl((settings.getTtl() != null) ? settings.getTtl() : this.ttl)
			.negativeTtl(settings.getSoa().getNegativeTtl())
			.hostmaster(settings.getSoa().hostmasterName())
			.serial(settings.getSoa().getSerial())
			.wildcard(settings.isWildcard())
			.records(settings.getRecords())
			.ownNameServer(own)
			.nsid(this.nsid);
	}

	/**
	 * A zone's NS set as first served: its name-servers, or with the NS set read from the
	 * parent and none configured, this host's own name server until the parent's set is read.
	 * @param index the zone, from 0
	 * @return the name servers
	 */
	List<NameServer> zoneNameServers(int index) {
		Zone settings = zoneSettings(index);
		List<NameServer> served = settings.getNameServers();
		Name own = ownNameServer(index);
		Name origin = settings.getZone();
		if (served.isEmpty() && this.peers.getSource() == PeerSource.PARENT && own != null && origin != null) {
			// Served until the parent's set is read: never an empty NS set.
			return List.of(new NameServer(own, own.subdomain(origin)
					? zoneAddresses(index).stream().map(IpLiteral::address).toList() : List.of()));
		}
		return served;
	}

	/**
	 * The served zone a zone lies in, nearest first: its parent, when this host serves it too.
	 * @param index the zone, from 0
	 * @return the enclosing zone's index, -1 for a zone whose parent is elsewhere
	 */
	int enclosingZone(int index) {
		Name zone = zoneSettings(index).getZone();
		int nearest = -1;
		for (int i = 0; zone != null && i < zoneCount(); i++) {
			Name other = zoneSettings(i).getZone();
			if (i != index && other != null && !other.equals(zone) && zone.subdomain(other)
					&& (nearest < 0 || other.labels() > zoneSettings(nearest).getZone().labels())) {
				nearest = i;
			}
		}
		return nearest;
	}

	/**
	 * The zones a zone delegates to, being their nearest enclosing served zone.
	 * @param index the zone, from 0
	 * @return their indexes
	 */
	List<Integer> childZones(int index) {
		List<Integer> children = new ArrayList<>();
		for (int i = 0; i < zoneCount(); i++) {
			if (i != index && enclosingZone(i) == index) {
				children.add(i);
			}
		}
		return children;
	}

	/**
	 * Whether any of the one-zone form's zone settings is set, which {@code selfdns.zones}
	 * replaces.
	 * @return the first such setting, {@code null} for none
	 */
	@Nullable String oneZoneSettingInUse() {
		if (this.zone != null) {
			return "zone";
		}
		if (!this.nameServers.isEmpty()) {
			return "name-servers";
		}
		if (this.ownNameServer != null) {
			return "own-name-server";
		}
		if (this.wildcard) {
			return "wildcard";
		}
		if (!this.records.isEmpty()) {
			return "records";
		}
		if (this.soa.getHostmaster() != null || this.soa.getNegativeTtl() != null || this.soa.getSerial() != null) {
			return "soa";
		}
		return null;
	}

	/** This host's name server name as configured: its own setting, else the registration's. */
	@Nullable Name ownNameServer() {
		return ownNameServer(0);
	}

	/**
	 * This host's name server name in a zone as configured: the zone's own setting, else its
	 * registration's (the first zone's falls back to selfdns.registration.name-server).
	 * @param index the zone, from 0
	 * @return the name, {@code null} where it is found from the addresses
	 */
	@Nullable Name ownNameServer(int index) {
		Zone settings = zoneSettings(index);
		if (settings.getOwnNameServer() != null) {
			return settings.getOwnNameServer();
		}
		return zoneRegistration(index).getNameServer();
	}

	/**
	 * A zone's registration settings: selfdns.registration's with the zone's own
	 * (selfdns.zones[i].registration) in their place. The parent zone and name server name
	 * are the zone's own, the first zone's falling back to selfdns.registration's.
	 * @param index the zone, from 0
	 * @return the settings
	 */
	Registration zoneRegistration(int index) {
		if (this.zones.isEmpty()) {
			return this.registration;
		}
		ZoneRegistration own = this.zones.get(index).getRegistration();
		Registration merged = new Registration();
		merged.setEnabled(this.registration.isEnabled());
		merged.setServer((own.getServer() != null) ? own.getServer() : this.registration.getServer());
		Name firstOnly = (index == 0) ? this.registration.getZone() : null;
		merged.setZone((own.getZone() != null) ? own.getZone() : firstOnly);
		Name firstName = (index == 0) ? this.registration.getNameServer() : null;
		merged.setNameServer((own.getNameServer() != null) ? own.getNameServer() : firstName);
		merged.setTtl(this.registration.getTtl());
		merged.setReconcileInterval(this.registration.getReconcileInterval());
		merged.setDeregister(this.registration.getDeregister());
		merged.setMinNameServers(this.registration.getMinNameServers());
		merged.getJanitor().setEnabled(this.registration.getJanitor().isEnabled());
		merged.getJanitor().setGrace(this.registration.getJanitor().getGrace());
		Key key = this.registration.getKey();
		ZoneKey ownKey = own.getKey();
		merged.getKey().setName((ownKey.getName() != null) ? ownKey.getName() : key.getName());
		merged.getKey().setAlgorithm((ownKey.getAlgorithm() != null) ? ownKey.getAlgorithm() : key.getAlgorithm());
		merged.getKey().setSecret((ownKey.getSecret() != null) ? ownKey.getSecret() : key.getSecret());
		return merged;
	}

	/**
	 * The parent's servers a zone's delegation is read from: its own peers.servers, else its
	 * own registration server, else selfdns.peers.servers, else selfdns.registration.server.
	 * @param index the zone, from 0
	 * @return the servers, empty when there are none to read from
	 */
	List<ServerAddress> zonePeerServers(int index) {
		if (!this.zones.isEmpty()) {
			Zone settings = this.zones.get(index);
			if (!settings.getPeers().getServers().isEmpty()) {
				return settings.getPeers().getServers();
			}
			if (settings.getRegistration().getServer() != null) {
				return List.of(settings.getRegistration().getServer());
			}
		}
		if (!this.peers.getServers().isEmpty()) {
			return this.peers.getServers();
		}
		ServerAddress server = this.registration.getServer();
		return (server != null) ? List.of(server) : List.of();
	}

	/**
	 * A zone's DNSSEC settings: selfdns.dnssec's with the zone's own keys in their place.
	 * @param index the zone, from 0
	 * @return the settings
	 */
	Dnssec zoneDnssec(int index) {
		if (this.zones.isEmpty()) {
			return this.dnssec;
		}
		ZoneDnssec own = this.zones.get(index).getDnssec();
		if (own.getKeys().isEmpty() && own.getPeerKeys().isEmpty()) {
			return this.dnssec;
		}
		Dnssec merged = new Dnssec();
		merged.setEnabled(this.dnssec.isEnabled());
		merged.setMode(this.dnssec.getMode());
		merged.setKeys(own.getKeys().isEmpty() ? this.dnssec.getKeys() : own.getKeys());
		merged.setPeerKeys(own.getPeerKeys().isEmpty() ? this.dnssec.getPeerKeys() : own.getPeerKeys());
		merged.setDnskeyTtl(this.dnssec.getDnskeyTtl());
		merged.setSignatureValidity(this.dnssec.getSignatureValidity());
		merged.setSignatureInceptionOffset(this.dnssec.getSignatureInceptionOffset());
		merged.setRefreshBefore(this.dnssec.getRefreshBefore());
		return merged;
	}

	/**
	 * Where a zone's DNSSEC keys are set, for messages.
	 * @param index the zone, from 0
	 * @return {@code selfdns.dnssec} or {@code selfdns.zones[i].dnssec}
	 */
	String zoneDnssecSetting(int index) {
		if (this.zones.isEmpty()) {
			return "selfdns.dnssec";
		}
		ZoneDnssec own = this.zones.get(index).getDnssec();
		return (own.getKeys().isEmpty() && own.getPeerKeys().isEmpty()) ? "selfdns.dnssec"
				: "selfdns.zones[" + index + "].dnssec";
	}

	/**
	 * Whether to run the selfdns name server.
	 */
	private boolean enabled = true;

	/**
	 * Service subdomain this host is a name server for, delegated to every host in the parent
	 * zone, for example 'www.example.com'.
	 */
	private @Nullable Name zone;

	/**
	 * This host's IPv4 and IPv6 addresses, the only addresses it answers with. IP literals only.
	 */
	private List<IpLiteral> addresses = new ArrayList<>();

	/**
	 * NS set of the zone: the name server name of every host, this one included, as in the
	 * parent zone's delegation. A name inside the zone is followed by its addresses, for
	 * example 'ns1.www.example.com 192.0.2.1'.
	 */
	private List<NameServer> nameServers = new ArrayList<>();

	/**
	 * Whether every name below the zone is answered like the zone itself (tenant subdomains).
	 */
	private boolean wildcard;

	/**
	 * Records every host serves alike, as zone-file lines relative to the zone, one record
	 * each: '@ TXT "v=verify123"', '@ CAA 0 issue "letsencrypt.org"', '_acme-challenge CNAME
	 * _acme-challenge.acme.example.net.'. A line without a TTL gets the zone's TTL. The apex's
	 * A, AAAA, NS, SOA and DNSKEY stay the host's own.
	 */
	private List<String> records = new ArrayList<>();

	/**
	 * Several zones served by one listener, in place of 'zone' and its siblings (the one-zone
	 * form), e.g. 'www.example.com' and 'api.example.com'. A query goes to the most specific
	 * zone that holds its name; names outside every zone are refused.
	 */
	private List<Zone> zones = new ArrayList<>();

	/**
	 * Time to live of the address records: how long clients may stay on a host that went away.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration ttl = Duration.ofSeconds(10);

	private final Soa soa = new Soa();

	private final Listen listen = new Listen();

	private final Edns edns = new Edns();

	/**
	 * Name this server gives in answers to queries that ask for it with an NSID option (RFC
	 * 5001, `dig +nsid`), e.g. the host name, so operators can tell which host answered. Off
	 * when unset.
	 */
	private @Nullable String nsid;

	private final Cookies cookies = new Cookies();

	private final RateLimit rateLimit = new RateLimit();

	private final Gate gate = new Gate();

	private final Shaping shaping = new Shaping();

	private final Shutdown shutdown = new Shutdown();

	private final Peers peers = new Peers();

	private final Registration registration = new Registration();

	private final AddressDiscovery addressDiscovery = new AddressDiscovery();

	private final Dnssec dnssec = new Dnssec();

	/**
	 * This host's own entry in name-servers. Only used to show the address records this host
	 * needs in the parent zone (GET /actuator/selfdns); for names inside the zone it is found
	 * from the addresses.
	 */
	private @Nullable Name ownNameServer;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Name getZone() {
		return this.zone;
	}

	public void setZone(@Nullable Name zone) {
		this.zone = zone;
	}

	public List<IpLiteral> getAddresses() {
		return this.addresses;
	}

	public void setAddresses(List<IpLiteral> addresses) {
		this.addresses = addresses;
	}

	public List<NameServer> getNameServers() {
		return this.nameServers;
	}

	public void setNameServers(List<NameServer> nameServers) {
		this.nameServers = nameServers;
	}

	public boolean isWildcard() {
		return this.wildcard;
	}

	public void setWildcard(boolean wildcard) {
		this.wildcard = wildcard;
	}

	public List<String> getRecords() {
		return this.records;
	}

	public List<Zone> getZones() {
		return this.zones;
	}

	public void setZones(List<Zone> zones) {
		this.zones = zones;
	}

	public void setRecords(List<String> records) {
		this.records = records;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Soa getSoa() {
		return this.soa;
	}

	public Listen getListen() {
		return this.listen;
	}

	public @Nullable String getNsid() {
		return this.nsid;
	}

	public void setNsid(@Nullable String nsid) {
		this.nsid = nsid;
	}

	public Cookies getCookies() {
		return this.cookies;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Edns getEdns() {
		return this.edns;
	}

	public Gate getGate() {
		return this.gate;
	}

	public Shaping getShaping() {
		return this.shaping;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Peers getPeers() {
		return this.peers;
	}

	public Registration getRegistration() {
		return this.registration;
	}

	public AddressDiscovery getAddressDiscovery() {
		return this.addressDiscovery;
	}

	public Dnssec getDnssec() {
		return this.dnssec;
	}

	public @Nullable Name getOwnNameServer() {
		return this.ownNameServer;
	}

	public void setOwnNameServer(@Nullable Name ownNameServer) {
		this.ownNameServer = ownNameServer;
	}

	/**
	 * The fleet's peers: the NS set's other hosts.
	 */
	public static class Peers {

		/**
		 * How often each peer is asked for its state (_selfdns.<zone> TXT over UDP), for failing
		 * open. Each round waits at most a second for the answers.
		 */
		private Duration probeInterval = Duration.ofSeconds(5);

		/**
		 * The port the peers answer DNS on. Defaults to this host's own DNS port: a fleet listens
		 * on one port, 53 in production.
		 */
		private @Nullable Integer port;

		/**
		 * Where the NS set comes from: 'static' serves selfdns.name-servers; 'parent' reads the
		 * parent zone's delegation every refresh-interval and serves exactly that set (then
		 * name-servers is optional: it is served until the first read).
		 */
		private PeerSource source = PeerSource.STATIC;

		/**
		 * Servers of the parent zone to read the delegation from, host[:port], tried in order
		 * (non-recursive queries over TCP). Defaults to selfdns.registration.server.
		 */
		private List<ServerAddress> servers = new ArrayList<>();

		/**
		 * How often the parent's NS set is read with source 'parent'. A change reaches the
		 * answers within this interval; the parent's own NS TTL (300 s by default in
		 * registration) bounds how fast resolvers see it anyway.
		 */
		private Duration refreshInterval = Duration.ofSeconds(60);

		public PeerSource getSource() {
			return this.source;
		}

		public void setSource(PeerSource source) {
			this.source = source;
		}

		public List<ServerAddress> getServers() {
			return this.servers;
		}

		public void setServers(List<ServerAddress> servers) {
			this.servers = servers;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(Duration probeInterval) {
			this.probeInterval = probeInterval;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

	}

	/**
	 * DNSSEC: the zone signed ahead of time, never per query.
	 */
	public static class Dnssec {

		/**
		 * Whether the zone is signed. Its DS record (GET /actuator/selfdns) then goes into the
		 * parent zone.
		 */
		private boolean enabled;

		/**
		 * 'shared-key': every host has the same key; 'per-host-key': each host signs with its
		 * own and publishes the others' (peer-keys), so resolvers validate any host's answers
		 * with the DNSKEY set they cached from another (RFC 8901 model 2).
		 */
		private DnssecMode mode = DnssecMode.SHARED_KEY;

		/**
		 * This host's keys: a private key each ('file:' path to a PKCS#8 PEM or BIND K*.private,
		 * or the key itself, e.g. from the environment) and its state.
		 */
		private List<DnssecKey> keys = new ArrayList<>();

		/**
		 * Per-host-key mode: the other hosts' public keys, as DNSKEY data ('257 3 13 <base64>').
		 */
		private List<String> peerKeys = new ArrayList<>();

		/**
		 * TTL of the DNSKEY set.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration dnskeyTtl = Duration.ofHours(1);

		/**
		 * How long signatures are valid from when they are made.
		 */
		private Duration signatureValidity = Duration.ofDays(14);

		/**
		 * How far before now signatures start to be valid, for resolvers whose clocks run slow.
		 */
		private Duration signatureInceptionOffset = Duration.ofHours(1);

		/**
		 * How long before they expire signatures are made anew.
		 */
		private Duration refreshBefore = Duration.ofDays(7);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DnssecMode getMode() {
			return this.mode;
		}

		public void setMode(DnssecMode mode) {
			this.mode = mode;
		}

		public List<DnssecKey> getKeys() {
			return this.keys;
		}

		public void setKeys(List<DnssecKey> keys) {
			this.keys = keys;
		}

		public List<String> getPeerKeys() {
			return this.peerKeys;
		}

		public void setPeerKeys(List<String> peerKeys) {
			this.peerKeys = peerKeys;
		}

		public Duration getDnskeyTtl() {
			return this.dnskeyTtl;
		}

		public void setDnskeyTtl(Duration dnskeyTtl) {
			this.dnskeyTtl = dnskeyTtl;
		}

		public Duration getSignatureValidity() {
			return this.signatureValidity;
		}

		public void setSignatureValidity(Duration signatureValidity) {
			this.signatureValidity = signatureValidity;
		}

		public Duration getSignatureInceptionOffset() {
			return this.signatureInceptionOffset;
		}

		public void setSignatureInceptionOffset(Duration signatureInceptionOffset) {
			this.signatureInceptionOffset = signatureInceptionOffset;
		}

		public Duration getRefreshBefore() {
			return this.refreshBefore;
		}

		public void setRefreshBefore(Duration refreshBefore) {
			this.refreshBefore = refreshBefore;
		}

	}

	/**
	 * One DNSSEC key of this host.
	 */
	public static class DnssecKey {

		/**
		 * The private key: 'file:/etc/selfdns/Kwww.example.com.+013+12345.private' (BIND's
		 * format) or a file with a PKCS#8 PEM, or the PEM or its base64 itself. Never logged.
		 */
		private @Nullable String privateKey;

		/**
		 * 'active' signs; 'published' is in the DNSKEY set only (before a rollover); 'retired'
		 * stays in it after one, until cached signatures have expired.
		 */
		private KeyState state = KeyState.ACTIVE;

		public @Nullable String getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(@Nullable String privateKey) {
			this.privateKey = privateKey;
		}

		public KeyState getState() {
			return this.state;
		}

		public void setState(KeyState state) {
			this.state = state;
		}

	}

	/**
	 * Address discovery: this host's addresses read from an interface or the cloud's instance
	 * metadata instead of selfdns.addresses.
	 */
	public static class AddressDiscovery {

		/**
		 * Where the addresses come from: 'static' (selfdns.addresses), 'interface' (the
		 * addresses of selfdns.address-discovery.interface), 'aws' (IMDSv2), 'gcp' or 'azure'
		 * (instance metadata: the public address, which is not on the interface). With any but
		 * 'static', selfdns.addresses is optional: it is served until the first read.
		 */
		private AddressDiscoveryMode mode = AddressDiscoveryMode.STATIC;

		/**
		 * How often the addresses are read. A change is applied after two equal reads in a
		 * row, so within two intervals.
		 */
		private Duration interval = Duration.ofSeconds(30);

		/**
		 * The network interface whose addresses are this host's, for mode 'interface', e.g.
		 * 'eth0'.
		 */
		private @Nullable String networkInterface;

		/**
		 * Base URL of the instance metadata service. Defaults to the cloud's own
		 * (http://169.254.169.254 for AWS and Azure, http://metadata.google.internal for GCP).
		 */
		private @Nullable String metadataUrl;

		public AddressDiscoveryMode getMode() {
			return this.mode;
		}

		public void setMode(AddressDiscoveryMode mode) {
			this.mode = mode;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public @Nullable String getInterface() {
			return this.networkInterface;
		}

		public void setInterface(@Nullable String networkInterface) {
			this.networkInterface = networkInterface;
		}

		public @Nullable String getMetadataUrl() {
			return this.metadataUrl;
		}

		public void setMetadataUrl(@Nullable String metadataUrl) {
			this.metadataUrl = metadataUrl;
		}

	}

	/**
	 * Where the NS set comes from.
	 */
	public enum PeerSource {

		/** selfdns.name-servers, as configured. */
		STATIC,

		/** The parent zone's delegation, read every refresh-interval. */
		PARENT

	}

	/**
	 * Self-registration: this host keeps its own NS record and address records in the parent
	 * zone by DNS UPDATE (RFC 2136) with a TSIG key, over TCP.
	 */
	public static class Registration {

		/**
		 * Whether this host registers itself with the parent's primary once its gate first
		 * opens, and keeps its records right.
		 */
		private boolean enabled;

		/**
		 * The parent zone's primary, host[:port], which takes the updates.
		 */
		private @Nullable ServerAddress server;

		/**
		 * The parent zone, which holds the delegation (e.g. 'example.com' for
		 * 'www.example.com'). Found by an SOA lookup at the server when unset.
		 */
		private @Nullable Name zone;

		/**
		 * This host's name server name, e.g. 'h1.ns-www.example.com'. Defaults to
		 * selfdns.own-name-server, or the in-zone name server whose addresses are this host's.
		 */
		private @Nullable Name nameServer;

		/**
		 * TTL of the NS and address records written to the parent: how long resolvers keep a
		 * delegation without a host that joined, the glue of a host that moved, and a host that
		 * left. Measured in the lab with BIND, PowerDNS and Knot Resolver: lookups failed for
		 * 43-44 s after a cold start and 19-30 s after a move at 60 s, against 284 s and
		 * 198-206 s at 300 s, for 4-11 queries a minute from each resolver to the parent
		 * instead of 1-6 (docs/resolvers.md).
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration ttl = Duration.ofSeconds(60);

		/**
		 * How often the parent's delegation is read back once registered; it is written only
		 * when the read-back differs, so the parent's serial does not churn.
		 */
		private Duration reconcileInterval = Duration.ofMinutes(5);

		/**
		 * When this host removes itself: 'auto' (at shutdown when its addresses are discovered,
		 * else never), 'on-shutdown', 'on-retire' (only through the endpoint's retire action) or
		 * 'never'.
		 */
		private DeregisterPolicy deregister = DeregisterPolicy.AUTO;

		/**
		 * The fewest name servers a deregistration may leave in the parent's NS set.
		 */
		private int minNameServers = 2;

		private final Key key = new Key();

		private final Janitor janitor = new Janitor();

		public Janitor getJanitor() {
			return this.janitor;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable ServerAddress getServer() {
			return this.server;
		}

		public void setServer(@Nullable ServerAddress server) {
			this.server = server;
		}

		public @Nullable Name getZone() {
			return this.zone;
		}

		public void setZone(@Nullable Name zone) {
			this.zone = zone;
		}

		public @Nullable Name getNameServer() {
			return this.nameServer;
		}

		public void setNameServer(@Nullable Name nameServer) {
			this.nameServer = nameServer;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getReconcileInterval() {
			return this.reconcileInterval;
		}

		public void setReconcileInterval(Duration reconcileInterval) {
			this.reconcileInterval = reconcileInterval;
		}

		public DeregisterPolicy getDeregister() {
			return this.deregister;
		}

		public void setDeregister(DeregisterPolicy deregister) {
			this.deregister = deregister;
		}

		public int getMinNameServers() {
			return this.minNameServers;
		}

		public void setMinNameServers(int minNameServers) {
			this.minNameServers = minNameServers;
		}

		public Key getKey() {
			return this.key;
		}

	}

	/**
	 * The janitor: removing peers that are gone from the parent's NS set.
	 */
	public static class Janitor {

		/**
		 * Whether this host removes a peer that has answered nothing, over UDP or TCP, for the
		 * grace period from the parent's NS set: at most one per reconcile interval, never below
		 * min-name-servers, and only while this host hears at least one other peer.
		 */
		private boolean enabled;

		/**
		 * How long a peer must have been silent before it is removed. Longer than a restart or
		 * a deploy takes: a removed host re-registers itself, but resolvers see it only once the
		 * parent's NS TTL has passed.
		 */
		private Duration grace = Duration.ofMinutes(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getGrace() {
			return this.grace;
		}

		public void setGrace(Duration grace) {
			this.grace = grace;
		}

	}

	/**
	 * The TSIG key (RFC 8945) the parent's primary knows this host by.
	 */
	public static class Key {

		/**
		 * The key's name, as the parent's configuration names it. Defaults to this host's name
		 * server name, so one BIND update-policy line covers every host.
		 */
		private @Nullable Name name;

		/**
		 * The key's algorithm: hmac-sha256, hmac-sha384 or hmac-sha512 (MD5 and SHA-1 are
		 * refused).
		 */
		private String algorithm = "hmac-sha256";

		/**
		 * The key's secret, base64, at least 32 bytes (as 'tsig-keygen' prints it). Best taken
		 * from the environment (SELFDNS_REGISTRATION_KEY_SECRET); never logged or shown.
		 */
		private @Nullable String secret;

		public @Nullable Name getName() {
			return this.name;
		}

		public void setName(@Nullable Name name) {
			this.name = name;
		}

		public String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(String algorithm) {
			this.algorithm = algorithm;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

	}

	/**
	 * Shutdown.
	 */
	public static class Shutdown {

		/**
		 * How long the app keeps serving after the name server stopped answering at shutdown, so
		 * clients holding a cached answer are still served. Defaults to the TTL (with several
		 * zones, the longest of their TTLs). Keep spring.lifecycle.timeout-per-shutdown-phase
		 * (30s) longer than this.
		 */
		private @Nullable Duration drain;

		public @Nullable Duration getDrain() {
			return this.drain;
		}

		public void setDrain(@Nullable Duration drain) {
			this.drain = drain;
		}

	}

	/**
	 * One zone of several ({@code selfdns.zones[i]}).
	 */
	public static class Zone {

		/**
		 * Service subdomain, delegated to every host in its parent zone, e.g. 'api.example.com'.
		 */
		private @Nullable Name zone;

		/**
		 * This host's addresses in this zone; defaults to selfdns.addresses (or the discovered
		 * ones).
		 */
		private List<IpLiteral> addresses = new ArrayList<>();

		/**
		 * NS set of this zone: every host's name server name, this one included. A name inside
		 * the zone is followed by its addresses.
		 */
		private List<NameServer> nameServers = new ArrayList<>();

		/**
		 * This host's name server name in this zone's NS set; found from the addresses when the
		 * name is inside the zone.
		 */
		private @Nullable Name ownNameServer;

		/**
		 * Time to live of this zone's address and NS records; defaults to selfdns.ttl.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration ttl;

		/**
		 * Whether every name below the zone is answered like the zone itself.
		 */
		private boolean wildcard;

		/**
		 * Records every host serves alike in this zone, as zone-file lines relative to it.
		 */
		private List<String> records = new ArrayList<>();

		private Soa soa = new Soa();

		private final ZoneGate gate = new ZoneGate();

		private final ZoneRegistration registration = new ZoneRegistration();

		private final ZonePeers peers = new ZonePeers();

		private final ZoneDnssec dnssec = new ZoneDnssec();

		public @Nullable Name getZone() {
			return this.zone;
		}

		public void setZone(@Nullable Name zone) {
			this.zone = zone;
		}

		public List<IpLiteral> getAddresses() {
			return this.addresses;
		}

		public void setAddresses(List<IpLiteral> addresses) {
			this.addresses = addresses;
		}

		public List<NameServer> getNameServers() {
			return this.nameServers;
		}

		public void setNameServers(List<NameServer> nameServers) {
			this.nameServers = nameServers;
		}

		public @Nullable Name getOwnNameServer() {
			return this.ownNameServer;
		}

		public void setOwnNameServer(@Nullable Name ownNameServer) {
			this.ownNameServer = ownNameServer;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public boolean isWildcard() {
			return this.wildcard;
		}

		public void setWildcard(boolean wildcard) {
			this.wildcard = wildcard;
		}

		public List<String> getRecords() {
			return this.records;
		}

		public void setRecords(List<String> records) {
			this.records = records;
		}

		public Soa getSoa() {
			return this.soa;
		}

		public ZoneGate getGate() {
			return this.gate;
		}

		public ZoneRegistration getRegistration() {
			return this.registration;
		}

		public ZonePeers getPeers() {
			return this.peers;
		}

		public ZoneDnssec getDnssec() {
			return this.dnssec;
		}

	}

	/**
	 * One zone's own registration settings; every other one (whether registration is on, TTL,
	 * reconcile interval, deregistration, the janitor) is selfdns.registration's.
	 */
	public static class ZoneRegistration {

		/**
		 * This zone's parent's primary, host[:port]; defaults to selfdns.registration.server.
		 */
		private @Nullable ServerAddress server;

		/**
		 * This zone's parent zone; found by an SOA lookup at the server when unset (only the
		 * first zone falls back to selfdns.registration.zone).
		 */
		private @Nullable Name zone;

		/**
		 * This host's name server name in this zone, e.g. 'h1.ns-api.example.com'; defaults to
		 * the zone's own-name-server, or its in-zone name server whose addresses are this host's.
		 */
		private @Nullable Name nameServer;

		private final ZoneKey key = new ZoneKey();

		public @Nullable ServerAddress getServer() {
			return this.server;
		}

		public void setServer(@Nullable ServerAddress server) {
			this.server = server;
		}

		public @Nullable Name getZone() {
			return this.zone;
		}

		public void setZone(@Nullable Name zone) {
			this.zone = zone;
		}

		public @Nullable Name getNameServer() {
			return this.nameServer;
		}

		public void setNameServer(@Nullable Name nameServer) {
			this.nameServer = nameServer;
		}

		public ZoneKey getKey() {
			return this.key;
		}

	}

	/**
	 * The TSIG key of one zone's parent, where it is not selfdns.registration.key.
	 */
	public static class ZoneKey {

		/**
		 * The key's name; defaults to selfdns.registration.key.name, else this host's name
		 * server name in this zone.
		 */
		private @Nullable Name name;

		/**
		 * The key's algorithm; defaults to selfdns.registration.key.algorithm.
		 */
		private @Nullable String algorithm;

		/**
		 * The key's secret, base64; defaults to selfdns.registration.key.secret. Never logged or
		 * shown.
		 */
		private @Nullable String secret;

		public @Nullable Name getName() {
			return this.name;
		}

		public void setName(@Nullable Name name) {
			this.name = name;
		}

		public @Nullable String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(@Nullable String algorithm) {
			this.algorithm = algorithm;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

	}

	/**
	 * Where one zone's NS set is read from, with selfdns.peers.source=parent.
	 */
	public static class ZonePeers {

		/**
		 * This zone's parent's servers to read its delegation from, host[:port]; default to
		 * the zone's own registration server where it has one, else selfdns.peers.servers.
		 */
		private List<ServerAddress> servers = new ArrayList<>();

		public List<ServerAddress> getServers() {
			return this.servers;
		}

		public void setServers(List<ServerAddress> servers) {
			this.servers = servers;
		}

	}

	/**
	 * One zone's own DNSSEC keys; the rest (whether the zones are signed, the mode, TTL and
	 * signature times) is selfdns.dnssec's.
	 */
	public static class ZoneDnssec {

		/**
		 * This zone's keys; default to selfdns.dnssec.keys, so one key signs every zone (each
		 * zone has its own DS all the same: the DS digest covers the zone's name).
		 */
		private List<DnssecKey> keys = new ArrayList<>();

		/**
		 * This zone's peers' public keys (per-host-key mode); default to selfdns.dnssec.peer-keys.
		 */
		private List<String> peerKeys = new ArrayList<>();

		public List<DnssecKey> getKeys() {
			return this.keys;
		}

		public void setKeys(List<DnssecKey> keys) {
			this.keys = keys;
		}

		public List<String> getPeerKeys() {
			return this.peerKeys;
		}

		public void setPeerKeys(List<String> peerKeys) {
			this.peerKeys = peerKeys;
		}

	}

	/**
	 * When one zone of several answers.
	 */
	public static class ZoneGate {

		/**
		 * Actuator health group that must be UP for this zone to be answered, so that one zone
		 * closes on its own health while another answers. Defaults to
		 * selfdns.gate.health-group; empty means overall health.
		 */
		private @Nullable String healthGroup;

		public @Nullable String getHealthGroup() {
			return this.healthGroup;
		}

		public void setHealthGroup(@Nullable String healthGroup) {
			this.healthGroup = healthGroup;
		}

	}

	/**
	 * SOA record fields.
	 */
	public static class Soa {

		/**
		 * Mailbox of the person responsible for the zone, as 'hostmaster@example.com' or in DNS
		 * form 'hostmaster.example.com'. Defaults to 'hostmaster' at the zone.
		 */
		private @Nullable String hostmaster;

		/**
		 * How long resolvers cache "no such name" and "no such record" answers (the SOA minimum).
		 * Defaults to the TTL, so a host that gains an address family is seen as soon as its
		 * address records would be.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration negativeTtl;

		/**
		 * SOA serial. Defaults to a number derived from the zone's shared settings (zone, NS set,
		 * TTLs), so every host with the same settings reports the same serial.
		 */
		private @Nullable Long serial;

		public @Nullable String getHostmaster() {
			return this.hostmaster;
		}

		@Nullable Name hostmasterName() {
			String value = this.hostmaster;
			if (value == null || value.isBlank()) {
				return null;
			}
			String text = value.trim();
			int at = text.indexOf('@');
			if (at >= 0) {
				// RFC 1035 section 8: the mailbox's local part is one label, its dots escaped.
				text = text.substring(0, at).replace(".", "\\.") + "." + text.substring(at + 1);
			}
			try {
				return Name.fromString(text, Name.root);
			}
			catch (TextParseException ex) {
				throw new InvalidZoneException("soa.hostmaster", value,
						"not a mailbox: " + ex.getMessage() + "; write it as 'hostmaster@example.com'");
			}
		}

		public void setHostmaster(@Nullable String hostmaster) {
			this.hostmaster = hostmaster;
		}

		public @Nullable Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		public void setNegativeTtl(@Nullable Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}

		public @Nullable Long getSerial() {
			return this.serial;
		}

		public void setSerial(@Nullable Long serial) {
			this.serial = serial;
		}

	}

	/**
	 * Where the name server listens.
	 */
	public static class Listen {

		/**
		 * Address to listen on. Defaults to every address; set it on hosts with several
		 * addresses so that answers leave from the address the query came to.
		 */
		private @Nullable IpLiteral address;

		/**
		 * Port to listen on, UDP and TCP alike. 0 picks a free port (for tests).
		 */
		private int port = 53;

		/**
		 * Whether to answer over UDP.
		 */
		private boolean udp = true;

		/**
		 * Threads that receive UDP queries, each on a socket of its own sharing the port
		 * (SO_REUSEPORT). One thread answers well over 100,000 queries a second and keeps a
		 * flood from taking more than one core from the application.
		 */
		private int udpThreads = 1;

		/**
		 * Receive and send buffer of each UDP socket, room for a burst of queries while the
		 * thread is off the CPU. 0 keeps the system's default. The kernel caps it (Linux:
		 * net.core.rmem_max and wmem_max).
		 */
		private DataSize udpBufferSize = DataSize.ofMegabytes(1);

		/**
		 * Whether to answer over TCP.
		 */
		private boolean tcp = true;

		/**
		 * How long a TCP connection is kept open with nothing to read or write.
		 */
		private Duration tcpIdleTimeout = Duration.ofSeconds(10);

		/**
		 * How long a TCP client may take to send one whole message, counted from its first
		 * byte. A client that trickles bytes to hold a connection open is closed.
		 */
		private Duration tcpMessageTimeout = Duration.ofSeconds(2);

		/**
		 * Maximum number of TCP connections open at once; further connections are closed at once.
		 */
		private int tcpMaxConnections = 256;

		/**
		 * Maximum number of TCP connections open at once from one client: one IPv4 address
		 * or one IPv6 /64. Further connections from it are closed at once.
		 */
		private int tcpMaxConnectionsPerClient = 16;

		/**
		 * Maximum number of TCP connections open at once from one network, as rate limiting
		 * counts networks (selfdns.rate-limit.ipv4-prefix-length and ipv6-prefix-length: a /24
		 * and a /56 by default). A quarter of the connections by default: sixteen hosts of one
		 * network, at the per-client cap, would otherwise hold all 256, and every other client,
		 * resolvers that rate limiting sent to TCP among them, would be refused.
		 */
		private int tcpMaxConnectionsPerNetwork = 64;

		/**
		 * Maximum number of answers that wait in the server for one TCP client to read them.
		 * While that many wait, no more queries are read from the client, and TCP flow
		 * control holds it back.
		 */
		private int tcpMaxQueriesInFlight = 32;

		public @Nullable IpLiteral getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable IpLiteral address) {
			this.address = address;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public boolean isUdp() {
			return this.udp;
		}

		public void setUdp(boolean udp) {
			this.udp = udp;
		}

		public int getUdpThreads() {
			return this.udpThreads;
		}

		public void setUdpThreads(int udpThreads) {
			this.udpThreads = udpThreads;
		}

		public DataSize getUdpBufferSize() {
			return this.udpBufferSize;
		}

		public void setUdpBufferSize(DataSize udpBufferSize) {
			this.udpBufferSize = udpBufferSize;
		}

		public boolean isTcp() {
			return this.tcp;
		}

		public void setTcp(boolean tcp) {
			this.tcp = tcp;
		}

		public Duration getTcpIdleTimeout() {
			return this.tcpIdleTimeout;
		}

		public void setTcpIdleTimeout(Duration tcpIdleTimeout) {
			this.tcpIdleTimeout = tcpIdleTimeout;
		}

		public Duration getTcpMessageTimeout() {
			return this.tcpMessageTimeout;
		}

		public void setTcpMessageTimeout(Duration tcpMessageTimeout) {
			this.tcpMessageTimeout = tcpMessageTimeout;
		}

		public int getTcpMaxConnections() {
			return this.tcpMaxConnections;
		}

		public void setTcpMaxConnections(int tcpMaxConnections) {
			this.tcpMaxConnections = tcpMaxConnections;
		}

		public int getTcpMaxConnectionsPerClient() {
			return this.tcpMaxConnectionsPerClient;
		}

		public void setTcpMaxConnectionsPerClient(int tcpMaxConnectionsPerClient) {
			this.tcpMaxConnectionsPerClient = tcpMaxConnectionsPerClient;
		}

		public int getTcpMaxConnectionsPerNetwork() {
			return this.tcpMaxConnectionsPerNetwork;
		}

		public void setTcpMaxConnectionsPerNetwork(int tcpMaxConnectionsPerNetwork) {
			this.tcpMaxConnectionsPerNetwork = tcpMaxConnectionsPerNetwork;
		}

		public int getTcpMaxQueriesInFlight() {
			return this.tcpMaxQueriesInFlight;
		}

		public void setTcpMaxQueriesInFlight(int tcpMaxQueriesInFlight) {
			this.tcpMaxQueriesInFlight = tcpMaxQueriesInFlight;
		}

	}

	/**
	 * EDNS(0) settings.
	 */
	public static class Edns {

		/**
		 * Largest UDP response, advertised in the OPT record. 1232 avoids IP fragmentation
		 * (DNS Flag Day 2020); larger answers are truncated and retried over TCP.
		 */
		private int udpPayloadSize = 1232;

		public int getUdpPayloadSize() {
			return this.udpPayloadSize;
		}

		public void setUdpPayloadSize(int udpPayloadSize) {
			this.udpPayloadSize = udpPayloadSize;
		}

	}

	/**
	 * DNS cookies (RFC 7873, server cookies as RFC 9018 makes them).
	 */
	public static class Cookies {

		/**
		 * Whether to answer a client cookie with a server cookie. A client that returns a
		 * valid one is known not to be spoofed, and rate limiting lets it through.
		 */
		private boolean enabled = true;

		/**
		 * Whether a UDP query with a client cookie but no valid server cookie gets BADCOOKIE
		 * (and a fresh cookie to retry with) instead of an answer. Queries without any cookie
		 * are answered as before.
		 */
		private boolean require;

		/**
		 * Secret the server cookies are made with: 16 bytes as 32 hex digits. A random one is
		 * made at start-up when unset, so cookies then last until a restart.
		 */
		private @Nullable String secret;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isRequire() {
			return this.require;
		}

		public void setRequire(boolean require) {
			this.require = require;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

	}

	/**
	 * Response rate limiting (RRL) of UDP answers per client network, as BIND and Knot DNS do
	 * it, so the server cannot be used to flood a spoofed address. TCP and clients with a
	 * valid DNS cookie are never limited.
	 */
	public static class RateLimit {

		/**
		 * Whether to limit UDP responses per client network.
		 */
		private boolean enabled = true;

		/**
		 * Answers (and NODATA) per second to one client network; 0 for no limit.
		 */
		private int responsesPerSecond = 200;

		/**
		 * NXDOMAIN answers per second to one client network; 0 for no limit.
		 */
		private int nxdomainsPerSecond = 50;

		/**
		 * Errors (REFUSED, FORMERR, SERVFAIL, ...) per second to one client network; 0 for no
		 * limit.
		 */
		private int errorsPerSecond = 50;

		/**
		 * How long excess is remembered: a network that went over its rate stays limited until
		 * its average over this window is back under it.
		 */
		private Duration window = Duration.ofSeconds(15);

		/**
		 * Every how many limited responses one is sent truncated (TC), so that a real resolver
		 * retries over TCP; 0 drops them all.
		 */
		private int slip = 2;

		/**
		 * Network size of an IPv4 client: its limits are shared by the whole network.
		 */
		private int ipv4PrefixLength = 24;

		/**
		 * Network size of an IPv6 client.
		 */
		private int ipv6PrefixLength = 56;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getResponsesPerSecond() {
			return this.responsesPerSecond;
		}

		public void setResponsesPerSecond(int responsesPerSecond) {
			this.responsesPerSecond = responsesPerSecond;
		}

		public int getNxdomainsPerSecond() {
			return this.nxdomainsPerSecond;
		}

		public void setNxdomainsPerSecond(int nxdomainsPerSecond) {
			this.nxdomainsPerSecond = nxdomainsPerSecond;
		}

		public int getErrorsPerSecond() {
			return this.errorsPerSecond;
		}

		public void setErrorsPerSecond(int errorsPerSecond) {
			this.errorsPerSecond = errorsPerSecond;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public int getSlip() {
			return this.slip;
		}

		public void setSlip(int slip) {
			this.slip = slip;
		}

		public int getIpv4PrefixLength() {
			return this.ipv4PrefixLength;
		}

		public void setIpv4PrefixLength(int ipv4PrefixLength) {
			this.ipv4PrefixLength = ipv4PrefixLength;
		}

		public int getIpv6PrefixLength() {
			return this.ipv6PrefixLength;
		}

		public void setIpv6PrefixLength(int ipv6PrefixLength) {
			this.ipv6PrefixLength = ipv6PrefixLength;
		}

	}

	/**
	 * When the name server answers.
	 */
	public static class Gate {

		/**
		 * Actuator health group that must be UP for the name server to answer. Empty means
		 * overall health.
		 */
		private String healthGroup = "";

		/**
		 * How often health is read.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * How long one health reading may take; a reading that takes longer counts as DOWN
		 * ("health check timed out"), as Kubernetes counts a probe that times out as failed
		 * (its default timeout is also 1s). The sample's whole health reads in well under a
		 * millisecond; a hung check (a database that does not answer) no longer keeps the gate
		 * in its last state.
		 */
		private Duration healthTimeout = Duration.ofSeconds(1);

		private final FailOpen failOpen = new FailOpen();

		/**
		 * What queries get while the name server must not answer. 'refused' moves resolvers to
		 * another host at once and lets them back at once; 'drop' makes most resolvers avoid the
		 * host for minutes after it returns.
		 */
		private WhenClosed whenClosed = WhenClosed.REFUSED;

		public String getHealthGroup() {
			return this.healthGroup;
		}

		public void setHealthGroup(String healthGroup) {
			this.healthGroup = healthGroup;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getHealthTimeout() {
			return this.healthTimeout;
		}

		public void setHealthTimeout(Duration healthTimeout) {
			this.healthTimeout = healthTimeout;
		}

		public FailOpen getFailOpen() {
			return this.failOpen;
		}

		public WhenClosed getWhenClosed() {
			return this.whenClosed;
		}

		public void setWhenClosed(WhenClosed whenClosed) {
			this.whenClosed = whenClosed;
		}

	}

	/**
	 * Failing open: when every host is closed by health, the name would stop resolving.
	 */
	public static class FailOpen {

		/**
		 * Whether a host closed by health alone answers anyway when, over 'after', at least
		 * one peer has reported closed-by-health and none has reported open: every host is
		 * down together, and a name that resolves to unhealthy hosts beats one that does not
		 * resolve. Never on silence: a host that cannot resolve or hear its peers cannot tell a
		 * shared outage from its own fault, and stays closed. Drained, starting and
		 * shutting-down hosts never fail open.
		 */
		private boolean enabled = true;

		/**
		 * The window of peer reports weighed: a host closed by health answers anyway once a
		 * peer has reported closed-by-health within it and none has reported open for a whole
		 * window; it closes again as soon as a peer reports open. Three probe rounds by
		 * default, so one lost probe opens no host.
		 */
		private Duration after = Duration.ofSeconds(15);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getAfter() {
			return this.after;
		}

		public void setAfter(Duration after) {
			this.after = after;
		}

	}

	/**
	 * Load shaping: steering resolvers away while the app is busy.
	 */
	public static class Shaping {

		/**
		 * Whether to shape answers by load.
		 */
		private boolean enabled = true;

		/**
		 * Meters that measure load. Defaults to process.cpu.usage from 0.65 to 0.9.
		 */
		private List<Signal> signals = new ArrayList<>(List.of(Signal.cpu()));

		/**
		 * How load is turned into shaping: 'share' sheds a share of resolver networks equal to the
		 * load score; 'ramp' delays every answer by score times max-delay.
		 */
		private ShapingMode mode = ShapingMode.SHARE;

		/**
		 * What a shed resolver gets in 'share' mode: 'delay' (by max-delay), 'refuse' or 'drop'.
		 */
		private ShedAction shedAction = ShedAction.DELAY;

		/**
		 * Largest delay added to an answer. BIND, Knot and PowerDNS resolvers leave a host 5ms
		 * slower than the others; Unbound stayed at 200ms, left at 250ms and 300ms in one run of
		 * two, and always from 350ms (docs/resolvers.md, measured with the defaults). 400ms
		 * leaves a margin.
		 */
		private Duration maxDelay = Duration.ofMillis(400);

		/**
		 * Largest share of queries dropped in 'ramp' mode, reached at twice the high threshold.
		 * 0 by default: dropping barely moves Unbound and costs clients a timeout.
		 */
		private double maxDrop = 0;

		/**
		 * Most delayed answers waiting at once; beyond it further delayed answers are dropped.
		 */
		private int maxPending = 10000;

		/**
		 * Time constant of the moving average that smooths the load, so one spike does not move
		 * resolvers. 0 turns smoothing off.
		 */
		private Duration smoothing = Duration.ofSeconds(5);

		/**
		 * How far the smoothed load must move before shaping follows it (0 to 0.5).
		 */
		private double hysteresis = 0.05;

		/**
		 * How often the load signals are read.
		 */
		private Duration sampleInterval = Duration.ofMillis(500);

		/**
		 * Prefix length of an IPv4 resolver network: addresses in one network are one resolver.
		 */
		private int ipv4PrefixLength = 24;

		/**
		 * Prefix length of an IPv6 resolver network (at most 64).
		 */
		private int ipv6PrefixLength = 56;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<Signal> getSignals() {
			return this.signals;
		}

		public void setSignals(List<Signal> signals) {
			this.signals = signals;
		}

		public ShapingMode getMode() {
			return this.mode;
		}

		public void setMode(ShapingMode mode) {
			this.mode = mode;
		}

		public ShedAction getShedAction() {
			return this.shedAction;
		}

		public void setShedAction(ShedAction shedAction) {
			this.shedAction = shedAction;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getMaxDrop() {
			return this.maxDrop;
		}

		public void setMaxDrop(double maxDrop) {
			this.maxDrop = maxDrop;
		}

		public int getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(int maxPending) {
			this.maxPending = maxPending;
		}

		public Duration getSmoothing() {
			return this.smoothing;
		}

		public void setSmoothing(Duration smoothing) {
			this.smoothing = smoothing;
		}

		public double getHysteresis() {
			return this.hysteresis;
		}

		public void setHysteresis(double hysteresis) {
			this.hysteresis = hysteresis;
		}

		public Duration getSampleInterval() {
			return this.sampleInterval;
		}

		public void setSampleInterval(Duration sampleInterval) {
			this.sampleInterval = sampleInterval;
		}

		public int getIpv4PrefixLength() {
			return this.ipv4PrefixLength;
		}

		public void setIpv4PrefixLength(int ipv4PrefixLength) {
			this.ipv4PrefixLength = ipv4PrefixLength;
		}

		public int getIpv6PrefixLength() {
			return this.ipv6PrefixLength;
		}

		public void setIpv6PrefixLength(int ipv6PrefixLength) {
			this.ipv6PrefixLength = ipv6PrefixLength;
		}

	}

	/**
	 * One load signal: a Micrometer meter and the values between which it counts as load.
	 */
	public static class Signal {

		/**
		 * Name of the Micrometer meter, e.g. 'process.cpu.usage' or 'http.server.requests'.
		 */
		private @Nullable String meter;

		/**
		 * Tags the meter must have; every meter of that name when empty.
		 */
		private Map<String, String> tags = new LinkedHashMap<>();

		/**
		 * Which value of the meter to read: 'auto' (by meter type), 'value', 'rate' (per second),
		 * 'mean', 'max', 'active-tasks' or 'percentile'. Times are in seconds.
		 */
		private SignalStatistic statistic = SignalStatistic.AUTO;

		/**
		 * Percentile read by the 'percentile' statistic, e.g. 0.99; the meter must publish it.
		 */
		private @Nullable Double percentile;

		/**
		 * Value at which load starts to count (level 0).
		 */
		private @Nullable Double low;

		/**
		 * Value at which the host counts as fully loaded (level 1).
		 */
		private @Nullable Double high;

		// The JVM's share of all cores. Below about 65% queueing adds little latency; by 90% it
		// multiplies it (an M/M/1 queue's response time is 1/(1 - load): about 3x and 10x).
		static Signal cpu() {
			Signal signal = new Signal();
			signal.setMeter("process.cpu.usage");
			signal.setLow(0.65);
			signal.setHigh(0.9);
			return signal;
		}

		public @Nullable String getMeter() {
			return this.meter;
		}

		public void setMeter(@Nullable String meter) {
			this.meter = meter;
		}

		public Map<String, String> getTags() {
			return this.tags;
		}

		public void setTags(Map<String, String> tags) {
			this.tags = tags;
		}

		public SignalStatistic getStatistic() {
			return this.statistic;
		}

		public void setStatistic(SignalStatistic statistic) {
			this.statistic = statistic;
		}

		public @Nullable Double getPercentile() {
			return this.percentile;
		}

		public void setPercentile(@Nullable Double percentile) {
			this.percentile = percentile;
		}

		public @Nullable Double getLow() {
			return this.low;
		}

		public void setLow(@Nullable Double low) {
			this.low = low;
		}

		public @Nullable Double getHigh() {
			return this.high;
		}

		public void setHigh(@Nullable Double high) {
			this.high = high;
		}

	}

}
