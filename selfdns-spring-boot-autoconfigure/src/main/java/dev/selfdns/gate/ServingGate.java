package dev.selfdns.gate;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether the name server answers. Inputs (readiness, health, drain, shutdown) arrive
 * from their own threads and are folded into one immutable {@link GateState}; the query path
 * only reads that volatile snapshot. Each change is logged once at INFO with its reason.
 */
public final class ServingGate {

	private static final Log logger = LogFactory.getLog(ServingGate.class);

	private final WhenClosed whenClosed;

	private final AtomicLong changes = new AtomicLong();

	private volatile GateState state;

	private boolean applicationReady;

	private boolean readinessRefusing;

	private boolean healthChecked;

	private HealthVerdict health;

	private boolean healthReadSinceReady;

	private boolean drained;

	private @Nullable String drainNote;

	private boolean shuttingDown;

	private @Nullable String dnssecProblem;

	/**
	 * The window of peer reports a host closed by health weighs before answering anyway; 0 for
	 * never.
	 */
	private long failOpenAfterNanos;

	private LongSupplier nanoClock = System::nanoTime;

	private boolean peersProbed;

	/** When a peer last reported open, or the first probe round if none has since. */
	private long lastPeerOpen;

	/** Whether any peer has ever reported closed by health (the evidence of a shared outage). */
	private boolean peerClosedByHealthHeard;

	/** When a peer last reported closed by health (failing-open hosts report that too). */
	private long lastPeerClosedByHealth;

	/** The zone this gate decides for, named in its log lines where a host serves several. */
	private volatile @Nullable String zone;

	/** The gates of the host's other zones, which share its readiness, drain and shutdown. */
	private final List<ServingGate> zoneGates = new CopyOnWriteArrayList<>();

	/** Told when the gate opens or closes, on the thread that changed it: they must only schedule work. */
	private final List<Runnable> openChangeListeners = new CopyOnWriteArrayList<>();

	/**
	 * Create a gate, closed until the application is ready.
	 * @param whenClosed what to answer while closed
	 * @param healthChecked whether health readings arrive through {@link #health(HealthVerdict)};
	 * if so, the gate opens only on a reading taken after the application became ready
	 */
	public ServingGate(WhenClosed whenClosed, boolean healthChecked) {
		this.whenClosed = whenClosed;
		this.healthChecked = healthChecked;
		this.health = healthChecked ? new HealthVerdict("UNKNOWN", "health") : new HealthVerdict(HealthVerdict.UP,
				"health (not checked)");
		this.state = evaluate();
	}

	/**
	 * A gate for another zone this host serves: it has health of its own (its zone's health
	 * group) but follows this gate's host-wide inputs, the application becoming ready, its
	 * readiness, an operator's drain and resume, shutdown and restart, from now on.
	 * @param zone the zone's name, for its log lines
	 * @return the new gate, in this gate's host-wide state
	 */
	public synchronized ServingGate zoneGate(String zone) {
		ServingGate gate = new ServingGate(this.whenClosed, false);
		gate.zone = zone;
		synchronized (gate) {
			gate.failOpenAfterNanos = this.failOpenAfterNanos;
			gate.nanoClock = this.nanoClock;
			gate.applicationReady = this.applicationReady;
			gate.readinessRefusing = this.readinessRefusing;
			gate.drained = this.drained;
			gate.drainNote = this.drainNote;
			gate.shuttingDown = this.shuttingDown;
			gate.update();
		}
		this.zoneGates.add(gate);
		return gate;
	}

	/**
	 * Be told each time the gate opens or closes, so that work that waits for the gate (a
	 * registration) runs then rather than polling it. Called on the thread that changed the gate,
	 * never on a query thread: the action should only schedule work.
	 * @param action what to run
	 */
	public void onOpenChange(Runnable action) {
		this.openChangeListeners.add(action);
	}

	/**
	 * Name the zone this gate decides for in its log lines (a host serving several zones).
	 * @param zone the zone's name
	 */
	public void zone(String zone) {
		this.zone = zone;
	}

	/**
	 * Whether the name server answers now. Read on every query.
	 * @return {@code true} when open
	 */
	public boolean isOpen() {
		return this.state.open();
	}

	public WhenClosed whenClosed() {
		return this.whenClosed;
	}

	public GateState state() {
		return this.state;
	}

	/**
	 * How many times the gate opened or closed, or changed its reason.
	 * @return the number of changes
	 */
	public long changes() {
		return this.changes.get();
	}

	/**
	 * Health readings arrive from now on (the health poller started): the gate opens only on a
	 * reading taken after the application became ready.
	 */
	public synchronized void expectHealthReadings() {
		if (!this.healthChecked) {
			this.healthChecked = true;
			this.health = new HealthVerdict("UNKNOWN", "health");
			this.healthReadSinceReady = false;
			update();
		}
	}

	/**
	 * Fail open on evidence: while closed by health alone, answer anyway when, over the last
	 * {@code after}, at least one peer has reported closed by health and none has reported open
	 * (the fleet's probes say so, {@link #peers(boolean, boolean)}). Silence is not evidence: a
	 * host that knows no peer, or hears none, cannot tell a shared outage from its own fault,
	 * and stays closed. Drained, starting and shutting-down hosts never fail open.
	 * @param after the window; zero or negative to never fail open
	 * @param nanoClock the clock, {@link System#nanoTime()} outside tests
	 */
	public synchronized void failOpen(java.time.Duration after, LongSupplier nanoClock) {
		this.failOpenAfterNanos = Math.max(0, after.toNanos());
		this.nanoClock = nanoClock;
		this.lastPeerOpen = nanoClock.getAsLong();
		update();
	}

	/**
	 * The fleet's latest probe round.
	 * @param anyPeerOpen whether any peer reported {@code open}
	 * @param anyPeerClosedByHealth whether any peer reported {@code closed-by-health} (which a
	 * failing-open peer reports too)
	 */
	public synchronized void peers(boolean anyPeerOpen, boolean anyPeerClosedByHealth) {
		long now = this.nanoClock.getAsLong();
		if (!this.peersProbed) {
			// The window starts with the first round: before it, a host knows nothing of its peers.
			this.peersProbed = true;
			this.lastPeerOpen = now;
		}
		if (anyPeerOpen) {
			this.lastPeerOpen = now;
		}
		if (anyPeerClosedByHealth) {
			this.peerClosedByHealthHeard = true;
			this.lastPeerClosedByHealth = now;
		}
		update();
	}

	/** The application finished starting ({@code ApplicationReadyEvent}). */
	public synchronized void applicationReady() {
		this.applicationReady = true;
		// Readings from start-up are stale: the availability indicators change as it becomes ready.
		this.healthReadSinceReady = false;
		update();
		this.zoneGates.forEach((gate) -> gate.applicationReady());
	}

	/**
	 * The application's readiness changed.
	 * @param acceptingTraffic whether it accepts traffic
	 */
	public synchronized void readiness(boolean acceptingTraffic) {
		this.readinessRefusing = !acceptingTraffic;
		if (acceptingTraffic) {
			// A reading taken before this event saw readiness still refusing: wait for a fresh one.
			this.healthReadSinceReady = false;
		}
		update();
		this.zoneGates.forEach((gate) -> gate.readiness(acceptingTraffic));
	}

	/**
	 * A new health reading.
	 * @param verdict the reading
	 */
	public synchronized void health(HealthVerdict verdict) {
		this.health = verdict;
		this.healthReadSinceReady = this.applicationReady;
		update();
	}

	/**
	 * Stop answering until {@link #resume()}, whatever health says.
	 * @param note why, for people; may be {@code null}. Shown and logged with control
	 * characters escaped and cut at 200 characters.
	 */
	public synchronized void drain(@Nullable String note) {
		this.drained = true;
		this.drainNote = DrainNote.of(note);
		update();
		this.zoneGates.forEach((gate) -> gate.drain(note));
	}

	/** Undo {@link #drain(String)}. */
	public synchronized void resume() {
		this.drained = false;
		this.drainNote = null;
		update();
		this.zoneGates.forEach((gate) -> gate.resume());
	}

	/**
	 * Whether the signatures this host serves are valid now (DNSSEC's clock rule).
	 * @param problem why they are not, {@code null} when they are
	 */
	public synchronized void dnssec(@Nullable String problem) {
		this.dnssecProblem = problem;
		update();
	}

	/** Stop answering: the application is shutting down, or its lifecycle is stopping. */
	public synchronized void shutdown() {
		this.shuttingDown = true;
		update();
		this.zoneGates.forEach((gate) -> gate.shutdown());
	}

	/**
	 * The application's lifecycle started again after a stop (a paused test context resumed, a
	 * CRaC restore): undo {@link #shutdown()}. Readiness and health still have their say.
	 */
	public synchronized void restarted() {
		this.shuttingDown = false;
		update();
		this.zoneGates.forEach((gate) -> gate.restarted());
	}

	private void update() {
		GateState next = evaluate();
		if (next.equals(this.state)) {
			return;
		}
		boolean opened = next.open() != this.state.open();
		this.state = next;
		this.changes.incrementAndGet();
		if (opened) {
			this.openChangeListeners.forEach(Runnable::run);
		}
		String zone = this.zone;
		String queries = (zone != null) ? "DNS queries for " + zone : "DNS queries";
		if (next.reason() == GateReason.FAIL_OPEN) {
			logger.warn("selfdns is answering " + queries + " although closed by health, "
					+ "so the name still resolves (selfdns.gate.fail-open): " + next.detail());
		}
		else if (next.open()) {
			logger.info("selfdns is answering " + queries);
		}
		else {
			logger.info("selfdns is not answering " + queries + " ("
					+ this.whenClosed.name().toLowerCase(Locale.ROOT) + "): " + next.detail());
		}
	}

	private GateState evaluate() {
		if (this.shuttingDown) {
			return closed(GateReason.SHUTTING_DOWN, "the application is shutting down");
		}
		if (this.drained) {
			return closed(GateReason.DRAINED,
					"drained by an operator" + ((this.drainNote != null) ? ": " + this.drainNote : ""));
		}
		if (this.dnssecProblem != null) {
			return closed(GateReason.DNSSEC, this.dnssecProblem);
		}
		if (!this.applicationReady || (this.healthChecked && !this.healthReadSinceReady)) {
			return closed(GateReason.STARTING, "the application is starting");
		}
		if (this.readinessRefusing) {
			return closed(GateReason.NOT_READY, "the application's readiness state is REFUSING_TRAFFIC");
		}
		if (!this.health.up()) {
			if (sharedOutage()) {
				return new GateState(true, GateReason.FAIL_OPEN, "failing open: " + this.health.description()
						+ ", a peer reports closed-by-health and none has reported open for "
						+ (this.failOpenAfterNanos / 1_000_000_000L) + " s");
			}
			return closed(GateReason.HEALTH, this.health.description());
		}
		return new GateState(true, GateReason.OPEN, "answering");
	}

	/**
	 * Whether the peers' own reports show the whole fleet closed by health: one reported it
	 * within the window, and none has reported open for a whole window. Never on silence alone.
	 */
	private boolean sharedOutage() {
		if (this.failOpenAfterNanos <= 0 || !this.peersProbed || !this.peerClosedByHealthHeard) {
			return false;
		}
		long now = this.nanoClock.getAsLong();
		return now - this.lastPeerOpen >= this.failOpenAfterNanos
				&& now - this.lastPeerClosedByHealth < this.failOpenAfterNanos;
	}

	private static GateState closed(GateReason reason, String detail) {
		return new GateState(false, reason, detail);
	}

}
