package dev.selfdns.actuate;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.selfdns.dnssec.DnssecSigning;
import dev.selfdns.dnssec.FleetKeyCheck;
import dev.selfdns.dnssec.KeySet;
import dev.selfdns.dnssec.SignatureRefresher;
import dev.selfdns.dnssec.SignedZone;
import dev.selfdns.dnssec.SignatureRefreshers;
import dev.selfdns.peers.PeerProber;
import dev.selfdns.peers.PeerProbers;
import dev.selfdns.registration.RegistrationStatus;
import dev.selfdns.registration.SelfRegistration;
import dev.selfdns.registration.SelfRegistrations;
import dev.selfdns.gate.GateState;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.DnsTransport;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.server.DnsServer;
import dev.selfdns.server.DelayedAnswers;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.shaping.ShapingState;
import dev.selfdns.shaping.SignalReading;
import dev.selfdns.query.QueryOutcome;
import dev.selfdns.query.ServedZones;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.IpAddresses;
import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.ServiceZone;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code selfdns} endpoint: whether this host answers and why, what it serves, how busy
 * it is, what it has counted, and the lines the parent zone needs. Its write operation drains
 * the host ({@code {"action":"drain","note":"..."}}) and resumes it ({@code {"action":"resume"}}).
 * Read-only unless {@code management.endpoint.selfdns.access=unrestricted}: draining is as
 * high-impact as Boot's own {@code shutdown} endpoint, so writing is an opt-in, behind security.
 */
@Endpoint(id = "selfdns", defaultAccess = Access.READ_ONLY)
public class SelfDnsEndpoint {

	private final AnswerTable answers;

	private final ServingGate gate;

	private final DnsServer server;

	private final QueryCounters counters;

	private final @Nullable LoadShaper shaper;

	private final @Nullable DelayedAnswers delayed;

	private final @Nullable ResponseRateLimiter limiter;

	private final @Nullable ServerCookies cookies;

	private final ServedZones zones;

	private final ZoneWork work;

	/**
	 * What the fleet and DNSSEC do for every zone, as the endpoint shows it.
	 *
	 * @param peers every zone's peer prober, {@code null} without the fleet
	 * @param registrations every registering zone's registration, {@code null} when off
	 * @param signatures every signed zone's refresher and key check, {@code null} when unsigned
	 * @param dnssecMode the key mode as configured ({@code shared-key}, {@code per-host-key})
	 */
	public record ZoneWork(@Nullable PeerProbers peers, @Nullable SelfRegistrations registrations,
			@Nullable SignatureRefreshers signatures, String dnssecMode) {

		/** Nothing but the zones: no fleet, no registration, unsigned. */
		public static final ZoneWork NONE = new ZoneWork(null, null, null, "shared-key");

	}

	/**
	 * Create the endpoint.
	 * @param zones every zone served, each with its gate; the top-level fields are the first's
	 * @param gate the host's gate
	 * @param server the listeners
	 * @param counters the query counters
	 * @param shaper the load shaper, if shaping is on
	 * @param delayed the delayed answers, if shaping is on
	 * @param limiter the response rate limiter, if rate limiting is on
	 * @param cookies the server cookies, if cookies are on
	 * @param work what the fleet and DNSSEC do for every zone
	 */
	public SelfDnsEndpoint(ServedZones zones, ServingGate gate, DnsServer server, QueryCounters counters,
			@Nullable LoadShaper shaper, @Nullable DelayedAnswers delayed, @Nullable ResponseRateLimiter limiter,
			@Nullable ServerCookies cookies, ZoneWork work) {
		this.zones = zones;
		this.answers = zones.primary();
		this.gate = gate;
		this.server = server;
		this.counters = counters;
		this.shaper = shaper;
		this.delayed = delayed;
		this.limiter = limiter;
		this.cookies = cookies;
		this.work = work;
	}

	private @Nullable PeerProber prober(Name zone) {
		return (this.work.peers() != null) ? this.work.peers().of(zone) : null;
	}

	private @Nullable SelfRegistration registration(Name zone) {
		return (this.work.registrations() != null) ? this.work.registrations().of(zone) : null;
	}

	private boolean registers() {
		return this.work.registrations() != null && !this.work.registrations().all().isEmpty();
	}

	private @Nullable DnssecDescriptor dnssec(Name zone) {
		SignatureRefresher refresher = (this.work.signatures() != null) ? this.work.signatures().of(zone) : null;
		return (refresher != null) ? dnssec(refresher) : null;
	}

	@ReadOperation
	public SelfDnsDescriptor status() {
		GateState state = this.gate.state();
		ServiceZone zone = this.answers.zone();
		return new SelfDnsDescriptor(state.open(), state.detail(), lower(state.reason()), lower(this.gate.whenClosed()),
				zone.origin().toString(), zone.addresses().stream().map(IpAddresses::format).toList(),
				zone.nameServers().stream().map(NameServer::name).map(Name::toString).toList(), zone.ttl(),
				zone.records().records().stream().map(Record::toString).toList(), listeners(), shaping(),
				protection(zone), counters(),
				ParentZoneLines.of(zone.delegation(), ttl(registration(zone.origin()))), peers(prober(zone.origin())),
				registration(registration(zone.origin())), dnssec(zone.origin()), zones());
	}

	/** Every zone and its gate, where the host serves several; the fields above are the first's. */
	private @Nullable List<ZoneDescriptor> zones() {
		ServedZones served = this.zones;
		if (served.tables().size() < 2) {
			return null;
		}
		List<ZoneDescriptor> zones = new ArrayList<>();
		for (int i = 0; i < served.tables().size(); i++) {
			AnswerTable table = served.tables().get(i);
			ServiceZone zone = table.zone();
			GateState state = served.gates().get(i).state();
			SelfRegistration registration = registration(zone.origin());
			zones.add(new ZoneDescriptor(zone.origin().toString(), state.open(), state.detail(), lower(state.reason()),
					zone.addresses().stream().map(IpAddresses::format).toList(),
					zone.nameServers().stream().map(NameServer::name).map(Name::toString).toList(), zone.ttl(),
					zone.records().records().stream().map(Record::toString).toList(),
					parentLines(served, zone, registration), peers(prober(zone.origin())), registration(registration),
					dnssec(zone.origin())));
		}
		return zones;
	}

	/** A zone's parent-zone lines; a zone inside another served here has its delegation there. */
	private static List<String> parentLines(ServedZones served, ServiceZone zone,
			@Nullable SelfRegistration registration) {
		Name outer = null;
		for (AnswerTable other : served.tables()) {
			Name origin = other.zone().origin();
			if (!origin.equals(zone.origin()) && zone.origin().subdomain(origin)
					&& (outer == null || origin.labels() > outer.labels())) {
				outer = origin;
			}
		}
		if (outer != null) {
			return List.of("; delegated by " + outer + ", which this host serves: nothing to add elsewhere");
		}
		return ParentZoneLines.of(zone.delegation(), ttl(registration));
	}

	private static @Nullable Long ttl(@Nullable SelfRegistration registration) {
		return (registration != null) ? registration.ttl() : null;
	}


	/**
	 * Drain or resume the host.
	 * @param action {@code drain} or {@code resume}
	 * @param note why, shown in the state and the log (drain only)
	 * @return the state after the change
	 */
	@WriteOperation
	public SelfDnsDescriptor change(@Nullable String action, @Nullable String note) {
		String problem = problem(action);
		if (problem != null) {
			throw new InvalidEndpointRequestException(problem, problem);
		}
		if ("retire".equalsIgnoreCase(action)) {
			if (this.work.registrations() != null) {
				this.work.registrations().retire();
			}
		}
		else if ("drain".equalsIgnoreCase(action)) {
			this.gate.drain(note);
		}
		else {
			this.gate.resume();
			// A retirement undone: the host registers again once its gate is open.
			if (this.work.registrations() != null) {
				this.work.registrations().rejoin();
			}
		}
		return status();
	}

	/**
	 * What is wrong with a requested action.
	 * @param action the action, as sent
	 * @return why it cannot be done, {@code null} for drain, resume, and retire where the
	 * host registers itself
	 */
	public @Nullable String problem(@Nullable String action) {
		if (action == null || action.isBlank()) {
			return "Missing 'action': send {\"action\":\"drain\",\"note\":\"why\"}, {\"action\":\"resume\"} "
					+ "or {\"action\":\"retire\"}";
		}
		String known = action.toLowerCase(Locale.ROOT);
		if (!known.equals("drain") && !known.equals("resume") && !known.equals("retire")) {
			return "Unknown action '" + action + "': use 'drain' or 'resume'"
					+ (registers() ? ", or 'retire' to leave the fleet" : "");
		}
		if (known.equals("retire") && !registers()) {
			return "Action 'retire' deregisters this host from the parent zone, which needs "
					+ "selfdns.registration.enabled=true; use 'drain' to stop answering";
		}
		return null;
	}

	private DnssecDescriptor dnssec(SignatureRefresher refresher) {
		DnssecSigning signing = refresher.signing();
		FleetKeyCheck keyCheck = refresher.fleetCheck();
		KeySet keys = signing.keys();
		List<KeyDescriptor> descriptors = new ArrayList<>();
		keys.own().forEach((key) -> descriptors.add(new KeyDescriptor(key.tag(), key.algorithm(), lower(key.state()), true,
				key.dnskey().rdataToString(), key.ds(keys.ttl()).toString())));
		keys.peers().forEach((key) -> descriptors.add(new KeyDescriptor(key.getFootprint(), key.getAlgorithm(),
				"peer", false, key.rdataToString(), null)));
		SignedZone signed = signing.last();
		java.time.Instant next = refresher.nextRefresh();
		FleetKeyCheck.Result fleet = (keyCheck != null) ? keyCheck.last() : null;
		return new DnssecDescriptor(this.work.dnssecMode(), descriptors,
				(signed != null) ? signed.inception().toString() : null,
				(signed != null) ? signed.expiration().toString() : null, (next != null) ? next.toString() : null,
				fleet);
	}

	private @Nullable RegistrationDescriptor registration(@Nullable SelfRegistration registration) {
		if (registration == null) {
			return null;
		}
		RegistrationStatus status = registration.status();
		return new RegistrationDescriptor(lower(status.state()), status.server(),
				(status.zone() != null) ? status.zone().toString() : null, status.nameServer().toString(),
				status.lastResult(), (status.lastAttempt() != null) ? status.lastAttempt().toString() : null,
				(status.lastVerified() != null) ? status.lastVerified().toString() : null,
				status.parentNameServers().stream().map(Name::toString).toList());
	}

	private @Nullable List<PeerDescriptor> peers(@Nullable PeerProber prober) {
		if (prober == null) {
			return null;
		}
		return prober.reports()
			.stream()
			.map((peer) -> new PeerDescriptor(peer.nameServer().toString(),
					peer.addresses().stream().map(IpAddresses::format).toList(), peer.unresolved(),
					peer.condition().tag(), (peer.lastState() != null) ? peer.lastState().text() : null,
					(peer.lastHeard() != null) ? peer.lastHeard().toString() : null))
			.toList();
	}

	private List<ListenerDescriptor> listeners() {
		List<ListenerDescriptor> listeners = new ArrayList<>();
		InetSocketAddress udp = this.server.getUdpAddress();
		if (udp != null) {
			listeners.add(new ListenerDescriptor("udp", DnsServer.describe(udp), this.server.getUdpThreads(),
					this.server.getUdpReceiveBufferSize()));
		}
		InetSocketAddress tcp = this.server.getTcpAddress();
		if (tcp != null) {
			listeners.add(new ListenerDescriptor("tcp", DnsServer.describe(tcp), 1, null));
		}
		return listeners;
	}

	private @Nullable ShapingDescriptor shaping() {
		if (this.shaper == null) {
			return null;
		}
		ShapingState state = this.shaper.state();
		List<SignalDescriptor> signals = new ArrayList<>();
		for (SignalReading reading : state.signals()) {
			signals.add(new SignalDescriptor(reading.signal().meter(), reading.signal().tags(),
					lower(reading.signal().statistic()), reading.present() ? reading.value() : null, reading.level(),
					reading.signal().low(), reading.signal().high()));
		}
		return new ShapingDescriptor(lower(this.shaper.mode()), lower(this.shaper.shedAction()), state.score(),
				state.overload(), state.shedShare(), state.delayNanos() / 1e6, state.dropProbability(),
				(this.delayed != null) ? this.delayed.pending() : 0,
				(this.delayed != null) ? this.delayed.overflowed() : 0, signals);
	}

	private ProtectionDescriptor protection(ServiceZone zone) {
		RateLimitDescriptor rateLimit = null;
		if (this.limiter != null) {
			int[] rates = this.limiter.rates();
			RateLimitSettings limits = new RateLimitSettings(rates[0], rates[1], rates[2],
					this.limiter.windowNanos() / 1_000_000_000L, this.limiter.slip());
			rateLimit = new RateLimitDescriptor(limits, this.counters.total(DnsTransport.UDP, QueryOutcome.RATE_LIMITED),
					this.counters.total(DnsTransport.UDP, QueryOutcome.SLIPPED));
		}
		return new ProtectionDescriptor(rateLimit, this.cookies != null,
				this.cookies != null && this.cookies.required(), zone.identity().nsid());
	}

	private Map<String, Map<String, Long>> counters() {
		Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
		counters.put("total", countersFor(null));
		for (DnsTransport transport : DnsTransport.values()) {
			counters.put(lower(transport), countersFor(transport));
		}
		return counters;
	}

	private Map<String, Long> countersFor(@Nullable DnsTransport transport) {
		Map<String, Long> counts = new LinkedHashMap<>();
		counts.put("queries", this.counters.total(transport, null));
		for (QueryOutcome outcome : QueryOutcome.values()) {
			// Keys in the JSON's one style, camelCase: "rateLimited".
			counts.put(camel(outcome), this.counters.total(transport, outcome));
		}
		return counts;
	}

	private static String camel(Enum<?> value) {
		String[] words = value.name().toLowerCase(Locale.ROOT).split("_");
		StringBuilder key = new StringBuilder(words[0]);
		for (int i = 1; i < words.length; i++) {
			key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
		}
		return key.toString();
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param answering whether the host answers queries now
	 * @param reason why (or "answering")
	 * @param state the gate's state: open, starting, not-ready, health, drained, shutting-down
	 * @param whenClosed what queries get while the gate is closed
	 * @param zone the served zone
	 * @param addresses this host's addresses
	 * @param nameServers the NS set
	 * @param ttl the TTL of address records, in seconds
	 * @param records the static records, in zone-file form
	 * @param listeners the bound listeners
	 * @param shaping the shaping state, {@code null} when shaping is off
	 * @param counters queries counted by outcome, in total and per transport
	 * @param parentZone the lines the parent zone needs
	 * @param peers what this host knows of each peer, {@code null} without a prober
	 * @param registration the registration with the parent, {@code null} when off
	 * @param dnssec the zone's keys and signatures, {@code null} for an unsigned zone
	 * @param zones every zone with its own gate where the host serves several (the fields above
	 * are then the first zone's), {@code null} for one zone
	 */
	public record SelfDnsDescriptor(boolean answering, String reason, String state, String whenClosed, String zone,
			List<String> addresses, List<String> nameServers, long ttl, List<String> records,
			List<ListenerDescriptor> listeners,
			@Nullable ShapingDescriptor shaping, ProtectionDescriptor protection,
			Map<String, Map<String, Long>> counters, List<String> parentZone, @Nullable List<PeerDescriptor> peers,
			@Nullable RegistrationDescriptor registration, @Nullable DnssecDescriptor dnssec,
			@Nullable List<ZoneDescriptor> zones) {

	}

	/**
	 * One zone of several, as this host serves it now.
	 *
	 * @param zone the zone's name
	 * @param answering whether its gate is open
	 * @param reason why, in words
	 * @param state the gate's reason, as a word
	 * @param addresses this host's addresses in the zone
	 * @param nameServers the zone's NS set
	 * @param ttl the TTL of its address and NS records
	 * @param records its static records, in zone-file form
	 * @param parentZone the lines its parent zone needs
	 * @param peers what this host knows of each of its peers, {@code null} without a prober
	 * @param registration its registration with its parent, {@code null} when off
	 * @param dnssec its keys and signatures, {@code null} for an unsigned zone
	 */
	public record ZoneDescriptor(String zone, boolean answering, String reason, String state, List<String> addresses,
			List<String> nameServers, long ttl, List<String> records, List<String> parentZone,
			@Nullable List<PeerDescriptor> peers, @Nullable RegistrationDescriptor registration,
			@Nullable DnssecDescriptor dnssec) {

	}

	/**
	 * DNSSEC as this host serves it.
	 *
	 * @param mode shared-key or per-host-key
	 * @param keys the DNSKEY set: this host's keys and its peers'
	 * @param inception when the served signatures start to be valid
	 * @param expiration when they expire
	 * @param nextRefresh when they are made anew
	 * @param fleet whether the peers publish the same DNSKEY set and the parent the matching DS
	 * set, as last checked (each minute); {@code null} before the first check
	 */
	public record DnssecDescriptor(String mode, List<KeyDescriptor> keys, @Nullable String inception,
			@Nullable String expiration, @Nullable String nextRefresh, FleetKeyCheck.@Nullable Result fleet) {

	}

	/**
	 * One key of the DNSKEY set.
	 *
	 * @param tag the key tag
	 * @param algorithm the algorithm number
	 * @param state active, published, retired, or peer
	 * @param own whether it is this host's (it signs with it when active)
	 * @param dnskey the DNSKEY data, as peer-keys takes it
	 * @param ds the DS record for the parent zone, {@code null} for a peer's key
	 */
	public record KeyDescriptor(int tag, int algorithm, String state, boolean own, String dnskey, @Nullable String ds) {

	}

	/**
	 * The registration with the parent zone.
	 *
	 * @param state waiting-for-gate, registered, failing, retiring, deregistered or kept
	 * @param server the parent's primary
	 * @param zone the parent zone, {@code null} while not known
	 * @param nameServer this host's name server name
	 * @param lastResult what the last attempt did, or its error with the fix
	 * @param lastAttempt when the parent was last asked
	 * @param lastVerified when a read-back last showed this host listed
	 * @param parentNameServers the parent's NS set at the last read
	 */
	public record RegistrationDescriptor(String state, String server, @Nullable String zone, String nameServer,
			String lastResult, @Nullable String lastAttempt, @Nullable String lastVerified,
			List<String> parentNameServers) {

	}

	/**
	 * A peer as this host knows it from its probes.
	 *
	 * @param nameServer the peer's name server name
	 * @param addresses the addresses it is probed at, empty when it has none
	 * @param unresolved why it has no address ({@code unresolved: <reason>}), {@code null} when
	 * it has
	 * @param condition {@code open} or {@code closed} as it reported within the last two rounds,
	 * {@code silent} when it has not, {@code unresolved} without an address
	 * @param lastState what it last reported ({@code open}, {@code closed-by-health}, ...),
	 * {@code null} if never heard
	 * @param lastHeard when it last answered, {@code null} if never
	 */
	public record PeerDescriptor(String nameServer, List<String> addresses, @Nullable String unresolved,
			String condition, @Nullable String lastState, @Nullable String lastHeard) {

	}

	/**
	 * Response rate limits per client network.
	 *
	 * @param responsesPerSecond answers and NODATA per second, 0 for no limit
	 * @param nxdomainsPerSecond NXDOMAIN per second, 0 for no limit
	 * @param errorsPerSecond errors per second, 0 for no limit
	 * @param windowSeconds how long excess is remembered
	 * @param slip every how many limited responses one is sent truncated
	 */
	public record RateLimitSettings(int responsesPerSecond, int nxdomainsPerSecond, int errorsPerSecond,
			long windowSeconds, int slip) {

	}

	/**
	 * Protection as the endpoint shows it.
	 *
	 * @param rateLimit the rate limits and what they held back, {@code null} when off
	 * @param cookies whether DNS cookies are answered
	 * @param cookiesRequired whether BADCOOKIE is sent to clients without a valid server cookie
	 * @param nsid the NSID text, {@code null} when off
	 */
	public record ProtectionDescriptor(@Nullable RateLimitDescriptor rateLimit, boolean cookies,
			boolean cookiesRequired, @Nullable String nsid) {

	}

	/**
	 * Rate limits and what they held back since start.
	 *
	 * @param limits the limits
	 * @param dropped responses dropped
	 * @param slipped responses sent truncated instead
	 */
	public record RateLimitDescriptor(RateLimitSettings limits, long dropped, long slipped) {

	}

	/**
	 * A bound listener.
	 *
	 * @param transport udp or tcp
	 * @param address the bound address and port
	 * @param threads how many threads serve it (UDP: each on a socket of its own)
	 * @param receiveBuffer the receive buffer of each UDP socket in bytes, as the system granted it
	 */
	public record ListenerDescriptor(String transport, String address, int threads,
			@Nullable Integer receiveBuffer) {

	}

	/**
	 * What load shaping does now.
	 *
	 * @param mode share or ramp
	 * @param shedAction what a shed resolver gets (share mode)
	 * @param score the load score, 0 to 1
	 * @param overload how far past saturation, 0 to 1
	 * @param shedShare the share of resolver networks shed
	 * @param delayMillis the delay a shaped answer gets now
	 * @param dropProbability the share of shaped queries dropped now
	 * @param pending delayed answers waiting
	 * @param overflowed delayed answers dropped because too many waited
	 * @param signals the signals and their last readings
	 */
	public record ShapingDescriptor(String mode, String shedAction, double score, double overload, double shedShare,
			double delayMillis, double dropProbability, int pending, long overflowed, List<SignalDescriptor> signals) {

	}

	/**
	 * One load signal and its last reading.
	 *
	 * @param meter the meter name
	 * @param tags the tags it must have
	 * @param statistic which value is read
	 * @param value the last value, {@code null} while the meter has none
	 * @param level its load level
	 * @param low the low threshold
	 * @param high the high threshold
	 */
	public record SignalDescriptor(String meter, Map<String, String> tags, String statistic, @Nullable Double value,
			double level, double low, double high) {

	}

}
