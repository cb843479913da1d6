package dev.selfdns.gate;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Reads health on a fixed schedule and hands each reading to the gate, so no query ever waits
 * for a health check. A check that throws counts as DOWN. Availability changes trigger an
 * extra reading at once: the availability health indicators change with them.
 */
public final class HealthPoller implements SmartLifecycle, ApplicationListener<AvailabilityChangeEvent<?>> {

	private final HealthCheck check;

	private final ServingGate gate;

	private final Duration interval;

	private final int phase;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a poller.
	 * @param check the health check
	 * @param gate the gate to feed
	 * @param interval the time between readings
	 * @param phase the lifecycle phase: before the listeners start
	 */
	public HealthPoller(HealthCheck check, ServingGate gate, Duration interval, int phase) {
		this.check = check;
		this.gate = gate;
		this.interval = interval;
		this.phase = phase;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "selfdns-health");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::poll, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
		this.executor = executor;
	}

	@Override
	public synchronized void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		if (this.executor != null) {
			this.executor.execute(this::poll);
		}
	}

	/** Read health once now. */
	public void poll() {
		HealthVerdict verdict;
		try {
			verdict = this.check.check();
		}
		catch (RuntimeException ex) {
			verdict = new HealthVerdict("DOWN", "health check (" + ex + ")");
		}
		this.gate.health(verdict);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
