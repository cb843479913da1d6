package dev.selfdns.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.selfdns.discovery.AddressDiscoveryMode;
import dev.selfdns.registration.Registrar;
import dev.selfdns.parent.TsigKey;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.shaping.SignalStatistic;
import dev.selfdns.zone.InvalidZoneException;
import dev.selfdns.zone.ServiceZone;
import dev.selfdns.zone.ZoneBuilder;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

/**
 * The rules of {@link SelfDnsProperties}, checked when they are bound. Each message says what
 * is wrong and how to fix it; Boot's failure report adds the property, its value and where it
 * was set (the cookie secret's value is never shown).
 */
final class SelfDnsPropertiesValidator {

	// Each thread has a socket and 128 KiB of buffers; past a few dozen they only contend.
	static final int MAX_UDP_THREADS = 64;

	/** Answers waiting per TCP client: 1,024 answers of up to 64 KiB would be 64 MiB already. */
	static final int MAX_QUERIES_IN_FLIGHT = 1024;

	static final long MAX_UDP_BUFFER = 64L * 1024 * 1024;

	private final SelfDnsProperties properties;

	private final Errors errors;

	/** Whether the application defines a {@link Registrar}: then no zone needs a parent's server or key. */
	private final boolean usersRegistrar;

	/** Whether the zone is made from these properties: not with a zone bean of the user's. */
	private final boolean zoneFromProperties;

	/** Whether this application registers with the parent (the fleet is configured). */
	private final boolean registers;

	/** Each zone's own name server name, where its settings give it; by zone index. */
	private final Map<Integer, Name> ownNameServers = new HashMap<>();

	/** The zones whose settings make a zone: only these are judged on what registering needs. */
	private final Set<Integer> built = new HashSet<>();

	SelfDnsPropertiesValidator(SelfDnsProperties properties, Errors errors, @Nullable ListableBeanFactory beans) {
		this.properties = properties;
		this.errors = errors;
		this.usersRegistrar = beans != null && beans.getBeanNamesForType(Registrar.class, true, false).length > 0;
		// The beans defined, not yet made: what selfdns will make from these settings.
		this.zoneFromProperties = beans == null || beans.containsBeanDefinition(SelfDnsAutoConfiguration.ZONE_BEAN);
		this.registers = beans == null
				|| beans.containsBeanDefinition(SelfDnsFleetAutoConfiguration.REGISTRATIONS_BEAN);
	}

	void validate() {
		zone();
		listen();
		int payload = this.properties.getEdns().getUdpPayloadSize();
		check(payload >= 512 && payload <= 4096, "edns.udpPayloadSize", "must be from 512 to 4096 bytes (1232 is safe)");
		cookies();
		positive("gate.pollInterval", this.properties.getGate().getPollInterval());
		positive("gate.healthTimeout", this.properties.getGate().getHealthTimeout());
		positive("gate.failOpen.after", this.properties.getGate().getFailOpen().getAfter());
		positive("peers.probeInterval", this.properties.getPeers().getProbeInterval());
		// The peers' reports that fail-open weighs arrive once a round: a window shorter than two
		// rounds would open and close the gate between them.
		SelfDnsProperties.FailOpen failOpen = this.properties.getGate().getFailOpen();
		Duration interval = this.properties.getPeers().getProbeInterval();
		check(!failOpen.isEnabled() || interval.isNegative()
				|| failOpen.getAfter().compareTo(interval.multipliedBy(2)) >= 0, "gate.failOpen.after",
				"must be at least twice selfdns.peers.probe-interval (" + interval.toMillis()
						+ " ms), so that one lost probe does not open or close a host: raise it, or probe more often");
		Integer peerPort = this.properties.getPeers().getPort();
		check(peerPort == null || (peerPort >= 1 && peerPort <= 65535), "peers.port",
				"a port is from 1 to 65535; leave it unset for this host's own DNS port");
		Duration drain = this.properties.getShutdown().getDrain();
		check(drain == null || !drain.isNegative(), "shutdown.drain", "cannot be negative (0 stops at once)");
		rateLimit();
		shaping();
		peers();
		registration();
		registrationNeeds();
		addressDiscovery();
		dnssec();
	}

	/**
	 * What each registering zone needs to reach its parent: its primary and a TSIG key, unless a
	 * {@link Registrar} of the user's writes to the parent, and its own name server name. A zone
	 * inside another served here is delegated by it, and registers nowhere.
	 */
	private void registrationNeeds() {
		if (!this.properties.getRegistration().isEnabled() || !this.registers) {
			return;
		}
		List<String> withoutServer = new ArrayList<>();
		List<String> withoutKey = new ArrayList<>();
		for (int i = 0; i < this.properties.zoneCount(); i++) {
			Name name = this.properties.zoneSettings(i).getZone();
			if (this.properties.enclosingZone(i) >= 0) {
				continue;
			}
			String zone = (name != null) ? name.toString(true) : "this zone";
			SelfDnsProperties.Registration registration = this.properties.zoneRegistration(i);
			if (registration.getServer() == null) {
				withoutServer.add("selfdns." + this.properties.zoneSetting(i) + "registration.server for " + zone);
			}
			String secret = registration.getKey().getSecret();
			if (secret == null || secret.isBlank()) {
				withoutKey.add(zone);
			}
			boolean discovered = this.properties.zoneAddresses(i).isEmpty()
					&& this.properties.getAddressDiscovery().getMode() != AddressDiscoveryMode.STATIC;
			if (registration.getNameServer() == null && this.built.contains(i) && !this.ownNameServers.containsKey(i)
					&& !discovered) {
				String prefix = this.properties.zoneSetting(i);
				reject(prefix + "registration.name-server", "set this host's name server name in " + zone
						+ ", e.g. h1.ns-" + zone + " (it cannot be found from selfdns." + prefix
						+ "name-servers and the addresses)");
			}
		}
		if (this.usersRegistrar) {
			return;
		}
		String several = this.properties.getZones().isEmpty() ? ""
				: " (or, for one zone alone, " + String.join(", ", withoutServer) + ")";
		if (!withoutServer.isEmpty()) {
			reject("registration.server", "set it to the parent zone's primary, host[:port], e.g. 192.0.2.53 or "
					+ "ns.example.com:53" + several + "; or define a Registrar bean for a provider's API");
		}
		if (!withoutKey.isEmpty()) {
			reject("registration.key.secret", "set the base64 secret of the TSIG key the parent's primary knows this "
					+ "host by, e.g. from the environment as SELFDNS_REGISTRATION_KEY_SECRET"
					+ (this.properties.getZones().isEmpty() ? "" : " (none for " + withoutKey + ")"));
		}
	}

	private void peers() {
		SelfDnsProperties.Peers peers = this.properties.getPeers();
		positive("peers.refreshInterval", peers.getRefreshInterval());
		if (peers.getSource() != SelfDnsProperties.PeerSource.PARENT) {
			return;
		}
		for (int i = 0; i < this.properties.zoneCount(); i++) {
			if (this.properties.zonePeerServers(i).isEmpty()) {
				String zone = (i == 0) ? "" : " for " + this.properties.zoneSettings(i).getZone() + " (selfdns.zones["
						+ i + "].peers.servers or .registration.server)";
				reject((i == 0) ? "peers.servers" : "zones[" + i + "].peers.servers",
						"with selfdns.peers.source=parent, list the parent zone's servers to read the delegation from "
								+ "(host[:port])" + zone + ", or set selfdns.registration.server");
			}
		}
	}

	private void dnssec() {
		SelfDnsProperties.Dnssec dnssec = this.properties.getDnssec();
		positive("dnssec.dnskeyTtl", dnssec.getDnskeyTtl());
		positive("dnssec.refreshBefore", dnssec.getRefreshBefore());
		check(!dnssec.getSignatureInceptionOffset().isNegative(), "dnssec.signatureInceptionOffset",
				"cannot be negative");
		check(dnssec.getSignatureValidity().compareTo(dnssec.getRefreshBefore().plusHours(2)) > 0,
				"dnssec.signatureValidity", "must be longer than selfdns.dnssec.refresh-before by more than two hours "
						+ "(signatures are made anew refresh-before ahead of expiry), e.g. 14d with 7d");
		if (!dnssec.isEnabled()) {
			return;
		}
		Set<String> reported = new HashSet<>();
		for (int i = 0; i < this.properties.zoneCount(); i++) {
			Name zone = this.properties.zoneSettings(i).getZone();
			if (zone == null) {
				continue;
			}
			try {
				DnssecKeys.keySet(this.properties.zoneDnssec(i), zone, this.properties.zoneDnssecSetting(i));
			}
			catch (IllegalArgumentException ex) {
				// Rejected as a whole: Boot's report must not show a private key's value. Shared keys once.
				if (reported.add(ex.getMessage())) {
					this.errors.reject(this.properties.zoneDnssecSetting(i), ex.getMessage());
				}
			}
		}
	}

	/**
	 * A zone inside another served here is delegated by it, from its own name-servers: nothing
	 * reads its NS set from a parent or registers it there, so it lists its NS set. Any zone of
	 * the list may be one, the first too.
	 */
	private void nestedZones() {
		boolean parentSource = this.properties.getPeers().getSource() == SelfDnsProperties.PeerSource.PARENT;
		for (int i = 0; i < this.properties.zoneCount(); i++) {
			int outer = this.properties.enclosingZone(i);
			if (outer < 0) {
				continue;
			}
			Name zone = this.properties.zoneSettings(i).getZone();
			Name parent = this.properties.zoneSettings(outer).getZone();
			if (parentSource && this.properties.zoneSettings(i).getNameServers().isEmpty()) {
				reject("zones[" + i + "].nameServers", zone + " is delegated by " + parent + ", also served here, "
						+ "not by a parent elsewhere: list its name servers, which " + parent + " delegates to");
			}
		}
	}

	private void addressDiscovery() {
		SelfDnsProperties.AddressDiscovery discovery = this.properties.getAddressDiscovery();
		positive("addressDiscovery.interval", discovery.getInterval());
		if (discovery.getMode() == AddressDiscoveryMode.INTERFACE
				&& (discovery.getInterface() == null || discovery.getInterface().isBlank())) {
			reject("addressDiscovery.mode", "mode 'interface' reads the addresses of one network interface: name it "
					+ "with selfdns.address-discovery.interface, e.g. eth0");
		}
		String url = discovery.getMetadataUrl();
		if (url != null && !url.isBlank() && !url.startsWith("http://") && !url.startsWith("https://")) {
			reject("addressDiscovery.metadataUrl", "must be an http:// URL, e.g. http://169.254.169.254");
		}
	}

	private void registration() {
		SelfDnsProperties.Registration registration = this.properties.getRegistration();
		hostName("registration.nameServer", registration.getNameServer());
		hostName("registration.zone", registration.getZone());
		hostName("registration.key.name", registration.getKey().getName());
		positive("registration.reconcileInterval", registration.getReconcileInterval());
		positive("registration.ttl", registration.getTtl());
		positive("registration.janitor.grace", registration.getJanitor().getGrace());
		check(registration.getMinNameServers() >= 1 && registration.getMinNameServers() <= 13,
				"registration.minNameServers", "must be from 1 to 13 (2 keeps the zone up when one host fails)");
		try {
			TsigKey.algorithm(registration.getKey().getAlgorithm());
		}
		catch (IllegalArgumentException ex) {
			reject("registration.key.algorithm", ex.getMessage());
		}
		secret("registration.key.secret", registration.getKey().getSecret());
		for (int i = 0; i < this.properties.getZones().size(); i++) {
			String prefix = "zones[" + i + "].registration.";
			SelfDnsProperties.ZoneRegistration own = this.properties.getZones().get(i).getRegistration();
			hostName(prefix + "nameServer", own.getNameServer());
			hostName(prefix + "zone", own.getZone());
			hostName(prefix + "key.name", own.getKey().getName());
			if (own.getKey().getAlgorithm() != null) {
				try {
					TsigKey.algorithm(own.getKey().getAlgorithm());
				}
				catch (IllegalArgumentException ex) {
					reject(prefix + "key.algorithm", ex.getMessage());
				}
			}
			secret(prefix + "key.secret", own.getKey().getSecret());
		}
	}

	private void secret(String field, @Nullable String secret) {
		if (secret != null && !secret.isBlank()) {
			try {
				TsigKey.secret(secret);
			}
			catch (IllegalArgumentException ex) {
				// Rejected without the value: a near miss of a real secret must not land in a log.
				this.errors.reject("selfdns." + field, "selfdns." + field + " " + ex.getMessage());
			}
		}
	}

	/** The zone's own rules are the zone builder's; a user's zone bean may stand in for all of them. */
	private void zone() {
		if (!this.properties.getZones().isEmpty()) {
			zones();
			return;
		}
		hostName("ownNameServer", this.properties.getOwnNameServer());
		if (this.properties.getZone() == null) {
			if (this.zoneFromProperties) {
				reject("zone", "set it to the service subdomain this host answers for, delegated to it in the "
						+ "parent zone, e.g. www.example.com");
				// What the zone needs besides its name, so that one start lists every setting missing.
				if (this.properties.zoneAddresses(0).isEmpty()
						&& this.properties.getAddressDiscovery().getMode() == AddressDiscoveryMode.STATIC) {
					reject("addresses", "list this host's public IPv4 and/or IPv6 addresses, for example "
							+ "'192.0.2.1, 2001:db8::1', or read them with selfdns.address-discovery.mode");
				}
				if (this.properties.getNameServers().isEmpty()
						&& this.properties.getPeers().getSource() != SelfDnsProperties.PeerSource.PARENT) {
					reject("name-servers", "list the name server name of every host, this one included, as in the "
							+ "parent zone's NS records, for example 'ns1-www.example.com'");
				}
			}
			return;
		}
		if (!hostName("zone", this.properties.getZone())) {
			return;
		}
		buildZone(0);
	}

	/** {@code selfdns.zones}: no one-zone setting beside it, no zone twice, each zone valid. */
	private void zones() {
		List<SelfDnsProperties.Zone> zones = this.properties.getZones();
		String oneZone = this.properties.oneZoneSettingInUse();
		if (oneZone != null) {
			reject(field(oneZone), "selfdns.zones replaces selfdns.zone and its siblings: move selfdns." + oneZone
					+ " into the zone it belongs to, e.g. selfdns.zones[0]." + oneZone);
			return;
		}
		nestedZones();
		Set<Name> seen = new HashSet<>();
		for (int i = 0; i < zones.size(); i++) {
			SelfDnsProperties.Zone zone = zones.get(i);
			String prefix = "zones[" + i + "].";
			hostName(prefix + "ownNameServer", zone.getOwnNameServer());
			if (zone.getZone() == null) {
				reject(prefix + "zone", "set it to the service subdomain this zone entry serves, e.g. 'api.example.com'");
				continue;
			}
			if (!hostName(prefix + "zone", zone.getZone())) {
				continue;
			}
			if (!seen.add(zone.getZone())) {
				reject(prefix + "zone", zone.getZone() + " is listed twice; each zone is one entry of selfdns.zones");
				continue;
			}
			buildZone(i);
		}
	}

	private void buildZone(int index) {
		String prefix = this.properties.zoneSetting(index);
		SelfDnsProperties.Zone settings = this.properties.zoneSettings(index);
		if (settings.getNameServers().isEmpty()
				&& this.properties.getPeers().getSource() == SelfDnsProperties.PeerSource.PARENT
				&& this.properties.ownNameServer(index) == null) {
			String registration = (index == 0) ? "selfdns.registration.name-server"
					: "selfdns." + prefix + "registration.name-server";
			reject(prefix + "nameServers", "with selfdns.peers.source=parent, name this host's name server with "
					+ registration + " (or selfdns." + prefix + "own-name-server), served until the "
					+ "parent's NS set is read, or list name-servers");
			return;
		}
		boolean discovered = this.properties.zoneAddresses(index).isEmpty()
				&& this.properties.getAddressDiscovery().getMode() != AddressDiscoveryMode.STATIC;
		try {
			ZoneBuilder builder = this.properties.zoneBuilder(index);
			if (discovered) {
				// Discovered at start-up: check the rest of the zone with a stand-in (RFC 5737).
				builder.addresses(InetAddress.getByName("192.0.2.1"));
			}
			List<InvalidZoneException> problems = builder.problems();
			for (InvalidZoneException problem : problems) {
				reject(field(prefix + problem.setting()), problem.reason());
			}
			if (!problems.isEmpty()) {
				return;
			}
			ServiceZone zone = builder.build();
			this.built.add(index);
			if (zone.ownNameServer() != null && !discovered) {
				this.ownNameServers.put(index, zone.ownNameServer());
			}
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InvalidZoneException ex) {
			reject(field(prefix + ex.setting()), ex.reason());
		}
	}

	/** Whether a name is a host name; rejects it if not. */
	private boolean hostName(String field, @Nullable Name name) {
		String problem = (name != null) ? HostNameConverter.problem(name) : null;
		if (problem != null) {
			reject(field, problem);
		}
		return problem == null;
	}

	private void listen() {
		SelfDnsProperties.Listen listen = this.properties.getListen();
		check(listen.getPort() >= 0 && listen.getPort() <= 65535, "listen.port",
				"a port is from 0 to 65535 (0 picks a free one)");
		check(listen.isUdp() || listen.isTcp(), "listen.udp",
				"at least one of selfdns.listen.udp and selfdns.listen.tcp must be true");
		check(listen.getUdpThreads() >= 1 && listen.getUdpThreads() <= MAX_UDP_THREADS, "listen.udpThreads",
				"must be from 1 to " + MAX_UDP_THREADS);
		long bufferSize = listen.getUdpBufferSize().toBytes();
		check(bufferSize >= 0 && bufferSize <= MAX_UDP_BUFFER, "listen.udpBufferSize",
				"must be from 0 (the system's default) to 64MB");
		check(listen.getTcpMaxConnections() >= 1, "listen.tcpMaxConnections", "must be at least 1");
		check(listen.getTcpMaxConnectionsPerClient() >= 1, "listen.tcpMaxConnectionsPerClient", "must be at least 1");
		check(listen.getTcpMaxConnectionsPerNetwork() >= 1, "listen.tcpMaxConnectionsPerNetwork", "must be at least 1");
		check(listen.getTcpMaxQueriesInFlight() >= 1 && listen.getTcpMaxQueriesInFlight() <= MAX_QUERIES_IN_FLIGHT,
				"listen.tcpMaxQueriesInFlight", "must be from 1 to " + MAX_QUERIES_IN_FLIGHT);
		positive("listen.tcpIdleTimeout", listen.getTcpIdleTimeout());
		positive("listen.tcpMessageTimeout", listen.getTcpMessageTimeout());
	}

	private void cookies() {
		String secret = this.properties.getCookies().getSecret();
		if (secret != null && !secret.isBlank() && cookieSecret(secret) == null) {
			// Rejected without the value: a near miss of a real secret must not land in a log.
			this.errors.reject("selfdns.cookies.secret",
					"selfdns.cookies.secret must be 32 hex digits (16 bytes), e.g. from 'openssl rand -hex 16'");
		}
	}

	/**
	 * The cookie secret's bytes.
	 * @return the 16 bytes, {@code null} if the text is not 32 hex digits
	 */
	static byte @Nullable [] cookieSecret(String secret) {
		try {
			byte[] key = HexFormat.of().parseHex(secret.trim());
			return (key.length == ServerCookies.SECRET_LENGTH) ? key : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private void rateLimit() {
		SelfDnsProperties.RateLimit limit = this.properties.getRateLimit();
		notNegative("rateLimit.responsesPerSecond", limit.getResponsesPerSecond());
		notNegative("rateLimit.nxdomainsPerSecond", limit.getNxdomainsPerSecond());
		notNegative("rateLimit.errorsPerSecond", limit.getErrorsPerSecond());
		Duration window = limit.getWindow();
		check(window.compareTo(Duration.ofSeconds(1)) >= 0 && window.compareTo(Duration.ofHours(1)) <= 0,
				"rateLimit.window", "must be from 1s to 1h (BIND uses 15s)");
		check(limit.getSlip() >= 0 && limit.getSlip() <= 10, "rateLimit.slip",
				"must be from 0 (drop every limited response) to 10; 2 sends every second one truncated");
		prefixLengths("rateLimit", limit.getIpv4PrefixLength(), limit.getIpv6PrefixLength());
	}

	private void shaping() {
		SelfDnsProperties.Shaping shaping = this.properties.getShaping();
		Duration maxDelay = shaping.getMaxDelay();
		check(!maxDelay.isNegative() && maxDelay.compareTo(Duration.ofSeconds(10)) <= 0, "shaping.maxDelay",
				"must be from 0 to 10s; resolvers give up on a server after about a second");
		check(shaping.getMaxDrop() >= 0 && shaping.getMaxDrop() <= 1, "shaping.maxDrop", "a share, from 0 to 1");
		prefixLengths("shaping", shaping.getIpv4PrefixLength(), shaping.getIpv6PrefixLength());
		check(!shaping.getSmoothing().isNegative(), "shaping.smoothing", "cannot be negative (0 turns smoothing off)");
		check(shaping.getHysteresis() >= 0 && shaping.getHysteresis() <= 0.5, "shaping.hysteresis", "from 0 to 0.5");
		positive("shaping.sampleInterval", shaping.getSampleInterval());
		check(shaping.getMaxPending() >= 0, "shaping.maxPending", "cannot be negative");
		List<SelfDnsProperties.Signal> signals = shaping.getSignals();
		for (int i = 0; i < signals.size(); i++) {
			signal("shaping.signals[" + i + "].", signals.get(i));
		}
	}

	private void signal(String prefix, SelfDnsProperties.Signal signal) {
		if (signal.getMeter() == null || signal.getMeter().isBlank()) {
			reject(prefix + "meter", "name a Micrometer meter, e.g. process.cpu.usage");
		}
		if (signal.getLow() == null || signal.getHigh() == null) {
			reject(prefix + ((signal.getLow() == null) ? "low" : "high"),
					"set both low (where load starts to count) and high (fully loaded)");
		}
		else if (!(signal.getHigh() > signal.getLow())) {
			reject(prefix + "high", "must be greater than low (" + signal.getLow() + ")");
		}
		if (signal.getStatistic() == SignalStatistic.PERCENTILE) {
			Double percentile = signal.getPercentile();
			check(percentile != null && percentile > 0 && percentile < 1, prefix + "percentile",
					"the percentile statistic reads a published percentile between 0 and 1, e.g. 0.99");
		}
	}

	private void prefixLengths(String prefix, int ipv4, int ipv6) {
		check(ipv4 >= 1 && ipv4 <= 32, prefix + ".ipv4PrefixLength", "from 1 to 32");
		check(ipv6 >= 1 && ipv6 <= 64, prefix + ".ipv6PrefixLength", "from 1 to 64");
	}

	private void notNegative(String field, int value) {
		check(value >= 0, field, "cannot be negative (0 means no limit)");
	}

	private void positive(String field, Duration value) {
		check(!value.isNegative() && !value.isZero(), field, "must be longer than zero");
	}

	private void check(boolean valid, String field, String reason) {
		if (!valid) {
			reject(field, reason);
		}
	}

	/**
	 * Reject a setting under its canonical name ({@code gate.fail-open.after}), the way it is
	 * written in configuration, with the value it had; where it was set is added when the
	 * failure is reported ({@link SelfDnsConfigurationFailureAnalyzer}).
	 */
	private void reject(String field, String reason) {
		String name = DataObjectPropertyName.toDashedForm(field);
		Object value;
		try {
			value = this.errors.getFieldValue(field(field));
		}
		catch (RuntimeException ex) {
			// A path through an entry that is not there: no value to show.
			value = null;
		}
		if (this.errors instanceof BindingResult result) {
			result.addError(new FieldError(this.errors.getObjectName(), name, value, false,
					result.resolveMessageCodes("invalid", name), null, reason));
		}
		else {
			this.errors.rejectValue(field(field), "invalid", reason);
		}
	}

	/** A builder setting ("soa.negative-ttl") as the field path the errors know ("soa.negativeTtl"). */
	static String field(String setting) {
		StringBuilder field = new StringBuilder();
		boolean upper = false;
		for (char c : setting.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				field.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return field.toString();
	}

}
