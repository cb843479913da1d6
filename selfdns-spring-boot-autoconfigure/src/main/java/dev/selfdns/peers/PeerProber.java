package dev.selfdns.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.ProbeCallers;
import dev.selfdns.schedule.PeriodicLifecycle;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.HostState;
import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.ServiceZone;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Asks every peer for its state once per interval: {@code _selfdns.<zone>} TXT, over UDP, at
 * each peer's addresses on the fleet's DNS port, all at once and with one deadline, so a silent
 * peer costs one timeout, not one each. Peers are the NS set's other hosts: in-zone name servers
 * by their glue, the others by the system resolver (off the query path, on this thread). Each
 * round tells the gate whether any peer reported open and whether any reported closed by
 * health, the evidence fail-open weighs, and keeps a report per peer for people: its addresses
 * or why it has none, what it last said and when.
 */
public final class PeerProber extends PeriodicLifecycle {

	private static final Log logger = LogFactory.getLog(PeerProber.class);

	private final AnswerTable answers;

	private final ServingGate gate;

	private final IntSupplier port;

	private final Duration timeout;

	private final Clock clock;

	private final Duration interval;

	private final Map<InetSocketAddress, PeerStatus> statuses = new LinkedHashMap<>();

	private volatile List<PeerReport> reports = List.of();

	private final AtomicLong rounds = new AtomicLong();

	private final PeerWarnings warnings;

	private volatile @Nullable ProbeCallers callers;

	private volatile Runnable onStranger = () -> {
	};

	private volatile @Nullable InetAddress source;

	/** The send failures already warned of, so each is said once. */
	private final java.util.Set<String> sendProblems = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/** Strangers acted on lately, so that one that keeps probing costs one parent read a minute. */
	private final Map<InetAddress, Instant> strangersActedOn = new LinkedHashMap<>();

	/** The round each peer name was first known in: a peer new to the set is judged on its own rounds. */
	private final Map<Name, Long> firstRound = new LinkedHashMap<>();

	/**
	 * Create the prober.
	 * @param scheduler the threads all periodic work runs on
	 * @param answers the live answer table: the NS set and this host's addresses
	 * @param gate the gate to tell
	 * @param interval the time between rounds
	 * @param port the fleet's DNS port, read each round
	 * @param timeout how long a round waits for answers
	 * @param clock when peers were seen
	 * @param phase the lifecycle phase
	 */
	public PeerProber(SelfDnsScheduler scheduler, AnswerTable answers, ServingGate gate, Duration interval, IntSupplier port, Duration timeout,
			Clock clock, int phase) {
		super(scheduler, "peers " + answers.zone().origin(), interval, phase);
		this.interval = interval;
		this.answers = answers;
		this.warnings = new PeerWarnings(answers.zone().origin());
		this.gate = gate;
		this.port = port;
		this.timeout = timeout;
		this.clock = clock;
	}

	@Override
	protected void runOnce() {
		probe();
	}

	/**
	 * Watch who probes this host: a caller that is no known peer is a host this one does not know
	 * yet (it registered later, and learned of this one from the parent).
	 * @param callers the zone's probe callers
	 * @param onStranger what to do when one is heard, e.g. read the parent's NS set now
	 */
	public void watch(ProbeCallers callers, Runnable onStranger) {
		this.callers = callers;
		this.onStranger = onStranger;
	}

	/**
	 * Send probes from this address, the one the host listens on, so that peers know whose probes
	 * they are.
	 * @param source the address, {@code null} for the system's choice
	 */
	public void sourceAddress(@Nullable InetAddress source) {
		this.source = source;
	}

	/** One round: ask every peer, record what each said, tell the gate. */
	public void probe() {
		int dnsPort = this.port.getAsInt();
		if (dnsPort <= 0) {
			return;
		}
		ServiceZone zone = this.answers.zone();
		Map<Name, String> unresolved = new LinkedHashMap<>();
		Map<InetSocketAddress, NameServer> targets = targets(zone, dnsPort, unresolved);
		Map<InetSocketAddress, HostState> heard = ask(zone, targets.keySet());
		Instant now = this.clock.instant();
		synchronized (this.statuses) {
			Map<InetSocketAddress, PeerStatus> previous = new LinkedHashMap<>(this.statuses);
			this.statuses.clear();
			targets.forEach((target, ns) -> {
				HostState state = heard.get(target);
				PeerStatus before = previous.get(target);
				Instant seen = (state != null) ? now : ((before != null) ? before.lastSeen() : null);
				HostState last = (state != null) ? state : ((before != null) ? before.lastState() : null);
				this.statuses.put(target, new PeerStatus(ns.name(), target.getAddress(), state, last, seen));
			});
			this.reports = reports(zone, unresolved, now);
		}
		this.gate.peers(heard.containsValue(HostState.OPEN), heard.containsValue(HostState.CLOSED_BY_HEALTH));
		strangers(zone, targets);
		long round = this.rounds.incrementAndGet();
		// A peer started with this host, or new to the set, answers within a few rounds, in any state.
		this.firstRound.keySet().retainAll(this.reports.stream().map(PeerReport::nameServer).toList());
		for (PeerReport report : this.reports) {
			this.firstRound.putIfAbsent(report.nameServer(), round);
		}
		this.warnings.round(this.reports, (name) -> round - this.firstRound.getOrDefault(name, round) >= NEVER_HEARD_ROUNDS,
				dnsPort);
	}

	/** A probe from an address that is neither a known peer nor this host: a peer not known yet. */
	private void strangers(ServiceZone zone, Map<InetSocketAddress, NameServer> targets) {
		ProbeCallers watched = this.callers;
		if (watched == null) {
			return;
		}
		Instant now = this.clock.instant();
		this.strangersActedOn.values().removeIf((acted) -> Duration.between(acted, now).compareTo(STRANGER_QUIET) > 0);
		for (InetAddress caller : watched.drain()) {
			boolean known = zone.addresses().contains(caller) || caller.isAnyLocalAddress()
					|| targets.keySet().stream().anyMatch((target) -> target.getAddress().equals(caller));
			// Each stranger at most once a minute, and a bounded few at once: a spoofed or stray
			// probe costs a parent read at most, never one per round.
			if (!known && !this.strangersActedOn.containsKey(caller)
					&& this.strangersActedOn.size() < MAX_STRANGERS) {
				this.strangersActedOn.put(caller, now);
				logger.info("selfdns was probed by " + caller.getHostAddress() + ", no known peer of "
						+ zone.origin() + ": reading the NS set again");
				this.onStranger.run();
				return;
			}
		}
	}

	/** Rounds after which a peer that never answered is called never heard. */
	private static final int NEVER_HEARD_ROUNDS = 3;

	/** How long one stranger's probes are not acted on again. */
	private static final Duration STRANGER_QUIET = Duration.ofMinutes(1);

	/** The most strangers remembered at once. */
	private static final int MAX_STRANGERS = 16;

	/**
	 * One report per peer name server, in the NS set's order: a peer stands as it last reported
	 * if heard within two rounds (one lost datagram does not make it silent), else silent.
	 */
	private List<PeerReport> reports(ServiceZone zone, Map<Name, String> unresolved, Instant now) {
		Duration fresh = this.interval.multipliedBy(2).plus(this.timeout);
		List<PeerReport> result = new java.util.ArrayList<>();
		for (NameServer ns : zone.nameServers()) {
			Name name = ns.name();
			String problem = unresolved.get(name);
			if (problem != null) {
				result.add(new PeerReport(name, List.of(), problem, PeerCondition.UNRESOLVED, null, null));
				continue;
			}
			List<InetAddress> addresses = new java.util.ArrayList<>();
			Instant lastHeard = null;
			HostState lastState = null;
			boolean open = false;
			for (PeerStatus status : this.statuses.values()) {
				if (!status.nameServer().equals(name)) {
					continue;
				}
				addresses.add(status.address());
				Instant seen = status.lastSeen();
				if (seen != null && (lastHeard == null || seen.isAfter(lastHeard))) {
					lastHeard = seen;
					lastState = status.lastState();
				}
				open |= (seen != null && Duration.between(seen, now).compareTo(fresh) <= 0
						&& status.lastState() == HostState.OPEN);
			}
			if (addresses.isEmpty()) {
				// This host itself (its own name, or a name at its own addresses).
				continue;
			}
			PeerCondition condition = (lastHeard == null || Duration.between(lastHeard, now).compareTo(fresh) > 0)
					? PeerCondition.SILENT : open ? PeerCondition.OPEN : PeerCondition.CLOSED;
			result.add(new PeerReport(name, addresses, null, condition, lastState, lastHeard));
		}
		return List.copyOf(result);
	}

	/**
	 * The zone whose peers this prober asks.
	 * @return the zone's name
	 */
	public Name zone() {
		return this.answers.zone().origin();
	}

	/**
	 * Probe rounds completed since start.
	 * @return the number
	 */
	public long rounds() {
		return this.rounds.get();
	}

	/**
	 * What each peer address said in the last round.
	 * @return the statuses, in the NS set's order
	 */
	public List<PeerStatus> peers() {
		synchronized (this.statuses) {
			return List.copyOf(this.statuses.values());
		}
	}

	/**
	 * What this host knows of each peer after the last round: addresses or why there are none,
	 * what it last said and when.
	 * @return one report per peer name server, in the NS set's order; empty before the first round
	 */
	public List<PeerReport> reports() {
		return this.reports;
	}

	/**
	 * How many peers stand in a condition after the last round.
	 * @param condition the condition
	 * @return the number of peer name servers
	 */
	public long count(PeerCondition condition) {
		return this.reports.stream().filter((report) -> report.condition() == condition).count();
	}

	/**
	 * Where this host's peers answer: every address of the NS set's other hosts (in-zone name
	 * servers by their glue, the parent's addresses where known, the others by the system
	 * resolver), on the fleet's port.
	 * @param zone the zone served
	 * @param port the fleet's DNS port
	 * @return each peer address with its name server
	 */
	public static Map<InetSocketAddress, NameServer> targets(ServiceZone zone, int port) {
		return targets(zone, port, new LinkedHashMap<>());
	}

	private static Map<InetSocketAddress, NameServer> targets(ServiceZone zone, int port,
			Map<Name, String> unresolved) {
		Map<InetSocketAddress, NameServer> targets = new LinkedHashMap<>();
		for (NameServer ns : zone.nameServers()) {
			if (ns.name().equals(zone.ownNameServer())) {
				continue;
			}
			List<InetAddress> addresses = ns.addresses();
			if (addresses.isEmpty()) {
				try {
					addresses = Arrays.asList(InetAddress.getAllByName(ns.name().toString(true)));
				}
				catch (UnknownHostException ex) {
					unresolved.put(ns.name(), "unresolved: " + ex.getMessage());
					continue;
				}
			}
			for (InetAddress address : addresses) {
				if (!zone.addresses().contains(address)) {
					targets.put(new InetSocketAddress(address, port), ns);
				}
			}
		}
		return targets;
	}

	private Map<InetSocketAddress, HostState> ask(ServiceZone zone, Iterable<InetSocketAddress> targets) {
		Map<InetSocketAddress, HostState> heard = new LinkedHashMap<>();
		Map<Integer, InetSocketAddress> ids = new LinkedHashMap<>();
		InetAddress source = this.source;
		// A socket bound to one family, or to loopback, cannot reach the others: then the system chooses.
		InetAddress bindTo = (source != null && java.util.stream.StreamSupport.stream(targets.spliterator(), false)
			.allMatch((target) -> target.getAddress().getClass() == source.getClass()
					&& target.getAddress().isLoopbackAddress() == source.isLoopbackAddress())) ? source : null;
		try (DatagramSocket socket = (bindTo != null) ? new DatagramSocket(new InetSocketAddress(bindTo, 0))
				: new DatagramSocket()) {
			for (InetSocketAddress target : targets) {
				int id;
				do {
					id = ThreadLocalRandom.current().nextInt(0x10000);
				}
				while (ids.containsKey(id));
				Message query = Message.newQuery(Record.newRecord(zone.probeName(), Type.TXT, DClass.IN));
				query.getHeader().setID(id);
				byte[] wire = query.toWire();
				try {
					socket.send(new DatagramPacket(wire, wire.length, target));
					ids.put(id, target);
				}
				catch (IOException ex) {
					// One peer that cannot be reached (no route to its family) costs that peer only.
					sendFailed(target, ex);
				}
			}
			long deadline = System.nanoTime() + this.timeout.toNanos();
			byte[] buffer = new byte[1232];
			while (heard.size() < ids.size()) {
				long left = (deadline - System.nanoTime()) / 1_000_000;
				if (left <= 0) {
					break;
				}
				socket.setSoTimeout((int) left);
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				try {
					socket.receive(packet);
				}
				catch (SocketTimeoutException ex) {
					break;
				}
				InetSocketAddress from = ids.get(((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF));
				if (from != null && from.equals(packet.getSocketAddress())) {
					HostState state = state(Arrays.copyOf(buffer, packet.getLength()));
					if (state != null) {
						heard.put(from, state);
					}
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Probing peers failed", ex);
		}
		return heard;
	}

	private void sendFailed(InetSocketAddress target, IOException ex) {
		String problem = target.getAddress().getHostAddress() + ": " + ex.getMessage();
		if (this.sendProblems.add(problem) && this.sendProblems.size() <= 64) {
			logger.warn("selfdns cannot send its probe to the peer at " + problem
					+ "; check this host's route to it (a peer of an address family this host has no route for "
					+ "is never heard)");
		}
	}

	private static @Nullable HostState state(byte[] response) {
		try {
			for (Record record : new Message(response).getSection(Section.ANSWER)) {
				if (record instanceof TXTRecord txt && !txt.getStrings().isEmpty()) {
					String text = txt.getStrings().get(0);
					for (HostState state : HostState.values()) {
						if (state.text().equals(text)) {
							return state;
						}
					}
				}
			}
		}
		catch (IOException ex) {
			// Not a DNS response: as good as none.
		}
		return null;
	}

}
