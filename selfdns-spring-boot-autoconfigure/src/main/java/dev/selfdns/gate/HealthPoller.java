package dev.selfdns.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.selfdns.schedule.PeriodicLifecycle;
import dev.selfdns.schedule.SelfDnsScheduler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationListener;

/**
 * Reads every zone's health in one pass on a fixed schedule and hands each zone's reading to
 * its gate, so no query ever waits for a health check. A check that throws, or takes longer
 * than the timeout, counts as DOWN (as Kubernetes treats a probe that times out as failed): a
 * health indicator that hangs on a database closes the gate instead of keeping it in its last
 * state. Each pass starts on schedule, whatever became of the last one: a pass still running at
 * the next poll is interrupted and left behind, so the gate follows health within one poll both
 * ways, and does not wait for a stuck call to return (a 120 s database call held the gate closed
 * for 99 s after health was back). A zone whose check hung is read last in the next pass, so a
 * group that hangs closes its own zone and not the zones read after it. Passes run on at most
 * {@value SelfDnsScheduler#MAX_READINGS} threads, so checks that ignore interrupts cannot pile
 * up threads without end: while that many hang, readings count as DOWN, and the next starts as
 * soon as one returns (with calls that give up after 120 s and a 1 s poll, one every 4 s). A
 * health indicator that hangs on a connection pool holds one of its connections per hung
 * reading: give indicators a timeout of their own where they can hang. Availability changes
 * trigger an extra pass at once: the availability health indicators change with them.
 */
public final class HealthPoller extends PeriodicLifecycle implements ApplicationListener<AvailabilityChangeEvent<?>> {

	/**
	 * One zone's health: what reads it and the gate it feeds.
	 *
	 * @param check reads the zone's health group (or a user's check, the same for every zone)
	 * @param gate the zone's gate
	 */
	public record ZoneHealth(HealthCheck check, ServingGate gate) {
	}

	private final SelfDnsScheduler scheduler;

	private final List<ZoneHealth> zones;

	private final Duration timeout;

	private final Object readLock = new Object();

	/** Checks that did not finish in the last pass: read last in the next one. */
	private final Set<HealthCheck> hung = ConcurrentHashMap.newKeySet();

	private @Nullable Future<?> reading;

	/**
	 * Create a poller for one zone.
	 * @param scheduler the threads it runs on
	 * @param check the health check
	 * @param gate the gate to feed
	 * @param interval the time between readings
	 * @param timeout how long one reading may take before it counts as DOWN
	 * @param phase the lifecycle phase: before the listeners start
	 */
	public HealthPoller(SelfDnsScheduler scheduler, HealthCheck check, ServingGate gate, Duration interval,
			Duration timeout, int phase) {
		this(scheduler, List.of(new ZoneHealth(check, gate)), interval, timeout, phase);
	}

	/**
	 * Create a poller for every zone.
	 * @param scheduler the threads it runs on
	 * @param zones each zone's check and gate; a check shared by several zones is read once a pass
	 * @param interval the time between passes
	 * @param timeout how long one pass may take before the zones not yet read count as DOWN
	 * @param phase the lifecycle phase: before the listeners start
	 */
	public HealthPoller(SelfDnsScheduler scheduler, List<ZoneHealth> zones, Duration interval, Duration timeout,
			int phase) {
		super(scheduler, SelfDnsScheduler.Lane.GATE, "health", interval, phase);
		this.scheduler = scheduler;
		this.zones = List.copyOf(zones);
		this.timeout = timeout;
	}

	/**
	 * Each zone's check and gate.
	 * @return them, in the order configured
	 */
	public List<ZoneHealth> zones() {
		return this.zones;
	}

	@Override
	public synchronized void start() {
		this.zones.forEach((zone) -> zone.gate().expectHealthReadings());
		super.start();
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		runSoon();
	}

	/** Read every zone's health once now, waiting at most the timeout. */
	public void poll() {
		Map<HealthCheck, HealthVerdict> verdicts = read();
		if (verdicts == null) {
			return;
		}
		for (ZoneHealth zone : this.zones) {
			zone.gate().health(verdicts.get(zone.check()));
		}
	}

	/** Each check's reading, or {@code null} if this thread was interrupted (the poller is stopping). */
	private @Nullable Map<HealthCheck, HealthVerdict> read() {
		synchronized (this.readLock) {
			List<HealthCheck> order = order();
			Map<HealthCheck, HealthVerdict> read = new ConcurrentHashMap<>();
			Future<?> previous = this.reading;
			if (previous != null && !previous.isDone()) {
				// Hung past its timeout at the last poll: interrupt it, and read afresh on schedule.
				previous.cancel(true);
			}
			HealthVerdict failed;
			try {
				Future<?> current = this.scheduler.healthReadings().submit(() -> readAll(order, read));
				this.reading = current;
				current.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
				failed = null;
			}
			catch (RejectedExecutionException ex) {
				failed = HealthVerdict.failed("health check timed out: " + SelfDnsScheduler.MAX_READINGS
						+ " readings still hang and ignore interrupts (selfdns.gate.health-timeout is "
						+ DurationStyle.SIMPLE.print(this.timeout) + ")");
			}
			catch (TimeoutException ex) {
				failed = HealthVerdict.failed("health check timed out: no reading within "
						+ DurationStyle.SIMPLE.print(this.timeout) + " (selfdns.gate.health-timeout)");
			}
			catch (ExecutionException ex) {
				failed = HealthVerdict.failed("health check failed (" + ex.getCause() + ")");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
			Map<HealthCheck, HealthVerdict> verdicts = new IdentityHashMap<>();
			for (HealthCheck check : order) {
				HealthVerdict verdict = read.get(check);
				if (verdict == null) {
					this.hung.add(check);
				}
				else {
					this.hung.remove(check);
				}
				verdicts.put(check, (verdict != null) ? verdict
						: (failed != null) ? failed : HealthVerdict.failed("health check did not finish"));
			}
			return verdicts;
		}
	}

	/** The distinct checks, those that hung in the last pass last. */
	private List<HealthCheck> order() {
		List<HealthCheck> first = new ArrayList<>();
		List<HealthCheck> last = new ArrayList<>();
		for (ZoneHealth zone : this.zones) {
			List<HealthCheck> list = this.hung.contains(zone.check()) ? last : first;
			if (!first.contains(zone.check()) && !last.contains(zone.check())) {
				list.add(zone.check());
			}
		}
		first.addAll(last);
		return first;
	}

	/** One pass: each check in turn; one that throws is DOWN with its reason, the others still read. */
	private static void readAll(List<HealthCheck> order, Map<HealthCheck, HealthVerdict> read) {
		for (HealthCheck check : order) {
			if (Thread.currentThread().isInterrupted()) {
				return;
			}
			HealthVerdict verdict;
			try {
				verdict = check.check();
			}
			catch (RuntimeException ex) {
				verdict = HealthVerdict.failed("health check failed (" + ex + ")");
			}
			read.put(check, verdict);
		}
	}

	@Override
	protected void runOnce() {
		poll();
	}

	@Override
	public void stop() {
		super.stop();
		synchronized (this.readLock) {
			if (this.reading != null) {
				this.reading.cancel(true);
				this.reading = null;
			}
		}
	}

}
