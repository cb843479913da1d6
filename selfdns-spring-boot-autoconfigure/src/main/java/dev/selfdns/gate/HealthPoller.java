package dev.selfdns.gate;

import java.time.Duration;

import dev.selfdns.schedule.PeriodicLifecycle;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.context.ApplicationListener;

/**
 * Reads health on a fixed schedule and hands each reading to the gate, so no query ever waits
 * for a health check. A check that throws counts as DOWN. Availability changes trigger an
 * extra reading at once: the availability health indicators change with them.
 */
public final class HealthPoller extends PeriodicLifecycle implements ApplicationListener<AvailabilityChangeEvent<?>> {

	private final HealthCheck check;

	private final ServingGate gate;

	/**
	 * Create a poller.
	 * @param check the health check
	 * @param gate the gate to feed
	 * @param interval the time between readings
	 * @param phase the lifecycle phase: before the listeners start
	 */
	public HealthPoller(HealthCheck check, ServingGate gate, Duration interval, int phase) {
		super("selfdns-health", interval, phase);
		this.check = check;
		this.gate = gate;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		runSoon();
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
	protected void runOnce() {
		poll();
	}

}
