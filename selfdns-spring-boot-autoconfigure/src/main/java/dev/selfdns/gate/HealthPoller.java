package dev.selfdns.gate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.selfdns.schedule.PeriodicLifecycle;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationListener;

/**
 * Reads health on a fixed schedule and hands each reading to the gate, so no query ever waits
 * for a health check. A check that throws, or takes longer than the timeout, counts as DOWN (as
 * Kubernetes treats a probe that times out as failed): a health indicator that hangs on a
 * database closes the gate instead of keeping it in its last state. Each reading starts on
 * schedule, whatever became of the last one: a reading still running at the next poll is
 * interrupted and left behind, so the gate follows health within one poll both ways, and
 * does not wait for a stuck call to return (a 120 s database call held the gate closed for
 * 99 s after health was back). Readings run on at most {@value #MAX_READINGS} threads, so checks
 * that ignore interrupts cannot pile up threads without end: while that many hang, readings count
 * as DOWN, and the next starts as soon as one returns (with calls that give up after 120 s and a
 * 1 s poll, one every 4 s). A health indicator that hangs on a connection pool holds one of its
 * connections per hung reading: give indicators a timeout of their own where they can hang.
 * Availability changes trigger an extra reading at once: the availability health indicators
 * change with them.
 */
public final class HealthPoller extends PeriodicLifecycle implements ApplicationListener<AvailabilityChangeEvent<?>> {

	private final HealthCheck check;

	private final ServingGate gate;

	private final Duration timeout;

	/** Readings that may run at once: the one due and those left behind, still hung. */
	static final int MAX_READINGS = 32;

	private final Object readLock = new Object();

	private @Nullable ExecutorService checker;

	private @Nullable Future<HealthVerdict> reading;

	/**
	 * Create a poller.
	 * @param check the health check
	 * @param gate the gate to feed
	 * @param interval the time between readings
	 * @param timeout how long one reading may take before it counts as DOWN
	 * @param phase the lifecycle phase: before the listeners start
	 */
	public HealthPoller(HealthCheck check, ServingGate gate, Duration interval, Duration timeout, int phase) {
		super("selfdns-health", interval, phase);
		this.check = check;
		this.gate = gate;
		this.timeout = timeout;
	}

	@Override
	public synchronized void start() {
		this.gate.expectHealthReadings();
		super.start();
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		runSoon();
	}

	/** Read health once now, waiting at most the timeout. */
	public void poll() {
		HealthVerdict verdict = read();
		if (verdict != null) {
			this.gate.health(verdict);
		}
	}

	/** The reading, or {@code null} if this thread was interrupted (the poller is stopping). */
	private @Nullable HealthVerdict read() {
		synchronized (this.readLock) {
			if (this.checker == null) {
				this.checker = new ThreadPoolExecutor(0, MAX_READINGS, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
						(runnable) -> {
							Thread thread = new Thread(runnable, "selfdns-health-check");
							thread.setDaemon(true);
							return thread;
						});
			}
			Future<HealthVerdict> previous = this.reading;
			if (previous != null && !previous.isDone()) {
				// Hung past its timeout at the last poll: interrupt it, and read afresh on schedule.
				previous.cancel(true);
			}
			Future<HealthVerdict> current;
			try {
				current = this.checker.submit(this.check::check);
			}
			catch (RejectedExecutionException ex) {
				return HealthVerdict.failed("health check timed out: " + MAX_READINGS
						+ " readings still hang and ignore interrupts (selfdns.gate.health-timeout is "
						+ DurationStyle.SIMPLE.print(this.timeout) + ")");
			}
			this.reading = current;
			try {
				return current.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				return HealthVerdict.failed("health check timed out: no reading within "
						+ DurationStyle.SIMPLE.print(this.timeout) + " (selfdns.gate.health-timeout)");
			}
			catch (ExecutionException ex) {
				return HealthVerdict.failed("health check failed (" + ex.getCause() + ")");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
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
			if (this.checker != null) {
				this.checker.shutdownNow();
				this.checker = null;
				this.reading = null;
			}
		}
	}

}
