package dev.selfdns.gate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * database closes the gate instead of keeping it in its last state. The check runs on a thread
 * of its own; while a hung check still runs no other is started, so hung checks never pile up
 * threads. Availability changes trigger an extra reading at once: the availability health
 * indicators change with them.
 */
public final class HealthPoller extends PeriodicLifecycle implements ApplicationListener<AvailabilityChangeEvent<?>> {

	private final HealthCheck check;

	private final ServingGate gate;

	private final Duration timeout;

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
				this.checker = Executors.newSingleThreadExecutor((runnable) -> {
					Thread thread = new Thread(runnable, "selfdns-health-check");
					thread.setDaemon(true);
					return thread;
				});
			}
			Future<HealthVerdict> current = this.reading;
			if (current == null || current.isDone()) {
				// A reading that finished after its timeout is stale: read again.
				current = this.checker.submit(this.check::check);
				this.reading = current;
			}
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
