package dev.selfdns.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.server.ListenerSettings;
import dev.selfdns.server.TcpLimits;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.shaping.LoadSignal;
import dev.selfdns.shaping.ResolverNetworks;
import dev.selfdns.shaping.SignalStatistic;
import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.InvalidZoneException;
import dev.selfdns.zone.ServiceZone;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link SelfDnsProperties} into the zone and listener settings, checking every value
 * on the way: a wrong value fails start-up naming the property and how to fix it.
 */
final class SelfDnsPropertiesMapper {

	// Each thread has a socket and 128 KiB of buffers; past a few dozen they only contend.
	private static final int MAX_UDP_THREADS = 64;

	/** Answers waiting per TCP client: 1,024 answers of up to 64 KiB would be 64 MiB already. */
	private static final int MAX_QUERIES_IN_FLIGHT = 1024;

	private static final long MAX_UDP_BUFFER = 64L * 1024 * 1024;

	private final SelfDnsProperties properties;

	SelfDnsPropertiesMapper(SelfDnsProperties properties) {
		this.properties = properties;
	}

	ServiceZone zone() {
		Name origin = zoneName();
		String ownNameServer = this.properties.getOwnNameServer();
		try {
			return ServiceZone.builder(origin)
				.addresses(addresses())
				.nameServers(nameServers())
				.ttl(this.properties.getTtl())
				.negativeTtl(this.properties.getSoa().getNegativeTtl())
				.hostmaster(hostmaster())
				.serial(this.properties.getSoa().getSerial())
				.wildcard(this.properties.isWildcard())
				.ownNameServer((ownNameServer != null && !ownNameServer.isBlank())
						? hostName("selfdns.own-name-server", ownNameServer.trim()) : null)
				.nsid(this.properties.getNsid())
				.build();
		}
		catch (InvalidZoneException ex) {
			throw invalid("selfdns." + ex.setting(), ex.value(), ex.reason());
		}
	}

	ListenerSettings listener() {
		SelfDnsProperties.Listen listen = this.properties.getListen();
		InetAddress address = null;
		if (listen.getAddress() != null && !listen.getAddress().isBlank()) {
			address = ipLiteral("selfdns.listen.address", listen.getAddress().trim());
		}
		if (listen.getPort() < 0 || listen.getPort() > 65535) {
			throw invalid("selfdns.listen.port", listen.getPort(), "a port is from 0 to 65535 (0 picks a free one)");
		}
		if (!listen.isUdp() && !listen.isTcp()) {
			throw invalid("selfdns.listen.udp", false,
					"at least one of selfdns.listen.udp and selfdns.listen.tcp must be true");
		}
		if (listen.getUdpThreads() < 1 || listen.getUdpThreads() > MAX_UDP_THREADS) {
			throw invalid("selfdns.listen.udp-threads", listen.getUdpThreads(),
					"must be from 1 to " + MAX_UDP_THREADS);
		}
		long bufferSize = listen.getUdpBufferSize().toBytes();
		if (bufferSize < 0 || bufferSize > MAX_UDP_BUFFER) {
			throw invalid("selfdns.listen.udp-buffer-size", listen.getUdpBufferSize(),
					"must be from 0 (the system's default) to 64MB");
		}
		return new ListenerSettings(address, listen.getPort(), listen.isUdp(), listen.getUdpThreads(), (int) bufferSize,
				listen.isTcp(), tcpLimits(listen));
	}

	private static TcpLimits tcpLimits(SelfDnsProperties.Listen listen) {
		if (listen.getTcpMaxConnections() < 1) {
			throw invalid("selfdns.listen.tcp-max-connections", listen.getTcpMaxConnections(), "must be at least 1");
		}
		if (listen.getTcpMaxConnectionsPerClient() < 1) {
			throw invalid("selfdns.listen.tcp-max-connections-per-client", listen.getTcpMaxConnectionsPerClient(),
					"must be at least 1");
		}
		if (listen.getTcpMaxQueriesInFlight() < 1 || listen.getTcpMaxQueriesInFlight() > MAX_QUERIES_IN_FLIGHT) {
			throw invalid("selfdns.listen.tcp-max-queries-in-flight", listen.getTcpMaxQueriesInFlight(),
					"must be from 1 to " + MAX_QUERIES_IN_FLIGHT);
		}
		positive("selfdns.listen.tcp-idle-timeout", listen.getTcpIdleTimeout());
		positive("selfdns.listen.tcp-message-timeout", listen.getTcpMessageTimeout());
		return new TcpLimits(listen.getTcpIdleTimeout(), listen.getTcpMessageTimeout(), listen.getTcpMaxConnections(),
				listen.getTcpMaxConnectionsPerClient(), listen.getTcpMaxQueriesInFlight());
	}

	int udpPayloadSize() {
		int size = this.properties.getEdns().getUdpPayloadSize();
		if (size < 512 || size > 4096) {
			throw invalid("selfdns.edns.udp-payload-size", size, "must be from 512 to 4096 bytes (1232 is safe)");
		}
		return size;
	}

	ServerCookies cookies() {
		SelfDnsProperties.Cookies cookies = this.properties.getCookies();
		String secret = cookies.getSecret();
		byte[] key;
		if (secret == null || secret.isBlank()) {
			key = ServerCookies.randomSecret();
		}
		else {
			try {
				key = HexFormat.of().parseHex(secret.trim());
			}
			catch (IllegalArgumentException ex) {
				key = new byte[0];
			}
			if (key.length != ServerCookies.SECRET_LENGTH) {
				throw invalid("selfdns.cookies.secret", "(hidden)",
						"must be 32 hex digits (16 bytes), e.g. from 'openssl rand -hex 16'");
			}
		}
		return new ServerCookies(key, cookies.isRequire(), () -> System.currentTimeMillis() / 1000);
	}

	Duration pollInterval() {
		return positive("selfdns.gate.poll-interval", this.properties.getGate().getPollInterval());
	}

	Duration healthTimeout() {
		return positive("selfdns.gate.health-timeout", this.properties.getGate().getHealthTimeout());
	}

	Duration shutdownDrain() {
		Duration drain = this.properties.getShutdown().getDrain();
		if (drain == null) {
			return this.properties.getTtl();
		}
		if (drain.isNegative()) {
			throw invalid("selfdns.shutdown.drain", drain, "cannot be negative (0 stops at once)");
		}
		return drain;
	}

	List<LoadSignal> signals() {
		List<SelfDnsProperties.Signal> configured = this.properties.getShaping().getSignals();
		List<LoadSignal> signals = new ArrayList<>();
		for (int i = 0; i < configured.size(); i++) {
			SelfDnsProperties.Signal signal = configured.get(i);
			String prefix = "selfdns.shaping.signals[" + i + "].";
			if (signal.getMeter() == null || signal.getMeter().isBlank()) {
				throw invalid(prefix + "meter", signal.getMeter(), "name a Micrometer meter, e.g. process.cpu.usage");
			}
			if (signal.getLow() == null || signal.getHigh() == null) {
				throw invalid(prefix + ((signal.getLow() == null) ? "low" : "high"), null,
						"set both low (where load starts to count) and high (fully loaded)");
			}
			if (!(signal.getHigh() > signal.getLow())) {
				throw invalid(prefix + "high", signal.getHigh(), "must be greater than low (" + signal.getLow() + ")");
			}
			double percentile = 0;
			if (signal.getStatistic() == SignalStatistic.PERCENTILE) {
				if (signal.getPercentile() == null || !(signal.getPercentile() > 0 && signal.getPercentile() < 1)) {
					throw invalid(prefix + "percentile", signal.getPercentile(),
							"the percentile statistic reads a published percentile between 0 and 1, e.g. 0.99");
				}
				percentile = signal.getPercentile();
			}
			signals.add(new LoadSignal(signal.getMeter().trim(), signal.getTags(), signal.getStatistic(), percentile,
					signal.getLow(), signal.getHigh()));
		}
		return signals;
	}

	LoadShaper shaper(ServiceZone zone) {
		SelfDnsProperties.Shaping shaping = this.properties.getShaping();
		Duration maxDelay = shaping.getMaxDelay();
		if (maxDelay.isNegative() || maxDelay.compareTo(Duration.ofSeconds(10)) > 0) {
			throw invalid("selfdns.shaping.max-delay", maxDelay, "must be from 0 to 10s; resolvers give up on "
					+ "a server after about a second");
		}
		if (!(shaping.getMaxDrop() >= 0 && shaping.getMaxDrop() <= 1)) {
			throw invalid("selfdns.shaping.max-drop", shaping.getMaxDrop(), "a share, from 0 to 1");
		}
		ResolverNetworks networks = networks("selfdns.shaping", shaping.getIpv4PrefixLength(),
				shaping.getIpv6PrefixLength(), ResolverNetworks.seedOf(zone.addresses()));
		return new LoadShaper(shaping.getMode(), shaping.getShedAction(), maxDelay, shaping.getMaxDrop(), networks,
				() -> ThreadLocalRandom.current().nextDouble());
	}

	ResponseRateLimiter rateLimiter() {
		SelfDnsProperties.RateLimit limit = this.properties.getRateLimit();
		int responses = notNegative("selfdns.rate-limit.responses-per-second", limit.getResponsesPerSecond());
		int nxdomains = notNegative("selfdns.rate-limit.nxdomains-per-second", limit.getNxdomainsPerSecond());
		int errors = notNegative("selfdns.rate-limit.errors-per-second", limit.getErrorsPerSecond());
		Duration window = limit.getWindow();
		if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
			throw invalid("selfdns.rate-limit.window", window, "must be from 1s to 1h (BIND uses 15s)");
		}
		if (limit.getSlip() < 0 || limit.getSlip() > 10) {
			throw invalid("selfdns.rate-limit.slip", limit.getSlip(),
					"must be from 0 (drop every limited response) to 10; 2 sends every second one truncated");
		}
		ResolverNetworks networks = networks("selfdns.rate-limit", limit.getIpv4PrefixLength(),
				limit.getIpv6PrefixLength(), 0);
		return new ResponseRateLimiter(networks, responses, nxdomains, errors, window.toNanos(), limit.getSlip());
	}

	private static ResolverNetworks networks(String prefix, int ipv4PrefixLength, int ipv6PrefixLength, long seed) {
		if (ipv4PrefixLength < 1 || ipv4PrefixLength > 32) {
			throw invalid(prefix + ".ipv4-prefix-length", ipv4PrefixLength, "from 1 to 32");
		}
		if (ipv6PrefixLength < 1 || ipv6PrefixLength > 64) {
			throw invalid(prefix + ".ipv6-prefix-length", ipv6PrefixLength, "from 1 to 64");
		}
		return new ResolverNetworks(ipv4PrefixLength, ipv6PrefixLength, seed);
	}

	private static int notNegative(String property, int value) {
		if (value < 0) {
			throw invalid(property, value, "cannot be negative (0 means no limit)");
		}
		return value;
	}

	Duration smoothing() {
		Duration smoothing = this.properties.getShaping().getSmoothing();
		if (smoothing.isNegative()) {
			throw invalid("selfdns.shaping.smoothing", smoothing, "cannot be negative (0 turns smoothing off)");
		}
		return smoothing;
	}

	double hysteresis() {
		double hysteresis = this.properties.getShaping().getHysteresis();
		if (!(hysteresis >= 0 && hysteresis <= 0.5)) {
			throw invalid("selfdns.shaping.hysteresis", hysteresis, "from 0 to 0.5");
		}
		return hysteresis;
	}

	Duration sampleInterval() {
		return positive("selfdns.shaping.sample-interval", this.properties.getShaping().getSampleInterval());
	}

	int maxPending() {
		int maxPending = this.properties.getShaping().getMaxPending();
		if (maxPending < 0) {
			throw invalid("selfdns.shaping.max-pending", maxPending, "cannot be negative");
		}
		return maxPending;
	}

	private Name zoneName() {
		String zone = this.properties.getZone();
		if (zone == null || zone.isBlank()) {
			throw invalid("selfdns.zone", zone,
					"set it to the service subdomain this host serves, for example 'www.example.com'");
		}
		Name name = hostName("selfdns.zone", zone.trim());
		if (name.labels() < 2) {
			throw invalid("selfdns.zone", zone, "the root zone cannot be served; use a subdomain such as 'www.example.com'");
		}
		return name;
	}

	private List<InetAddress> addresses() {
		List<InetAddress> addresses = new ArrayList<>();
		for (String value : this.properties.getAddresses()) {
			addresses.add(ipLiteral("selfdns.addresses", value.trim()));
		}
		return addresses;
	}

	private List<NameServer> nameServers() {
		List<NameServer> nameServers = new ArrayList<>();
		for (String value : this.properties.getNameServers()) {
			String[] parts = value.trim().split("\\s+");
			Name name = hostName("selfdns.name-servers", parts[0]);
			List<InetAddress> addresses = new ArrayList<>();
			for (String address : Arrays.asList(parts).subList(1, parts.length)) {
				addresses.add(ipLiteral("selfdns.name-servers", address));
			}
			nameServers.add(new NameServer(name, addresses));
		}
		return nameServers;
	}

	private @Nullable Name hostmaster() {
		String value = this.properties.getSoa().getHostmaster();
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
			throw invalid("selfdns.soa.hostmaster", value, "not a mailbox: " + ex.getMessage()
					+ "; write it as 'hostmaster@example.com'");
		}
	}

	private static Duration positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw invalid(property, value, "must be longer than zero");
		}
		return value;
	}

	private static Name hostName(String property, String value) {
		Name name;
		try {
			name = Name.fromString(value, Name.root);
		}
		catch (TextParseException ex) {
			throw invalid(property, value, "not a domain name: " + ex.getMessage());
		}
		for (int i = 0; i < name.labels() - 1; i++) {
			String label = name.getLabelString(i);
			if (!label.matches("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?")) {
				throw invalid(property, value, "the label '" + label + "' is not a host name label: use letters, "
						+ "digits and inner hyphens only");
			}
		}
		return name;
	}

	private static InetAddress ipLiteral(String property, String value) {
		try {
			// Literals only: a host name here would be looked up in DNS at start-up, and could change.
			return Address.getByAddress(value);
		}
		catch (UnknownHostException ex) {
			throw invalid(property, value, "not an IPv4 or IPv6 address; write IP literals such as 192.0.2.1 or "
					+ "2001:db8::1, not host names");
		}
	}

	private static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(property, value, reason);
	}

}
