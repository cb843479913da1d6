package dev.selfdns.gate;

import java.util.List;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * The health pollers of a host's other zones, each feeding its zone's gate from its zone's
 * health group, started and stopped with the first zone's poller and told of the same
 * availability changes.
 */
public final class ZoneHealthPollers implements SmartLifecycle, ApplicationListener<AvailabilityChangeEvent<?>> {

	private final List<HealthPoller> pollers;

	private final int phase;

	private volatile boolean running;

	/**
	 * Create the pollers' lifecycle.
	 * @param pollers one per other zone
	 * @param phase the lifecycle phase: the first zone's poller's
	 */
	public ZoneHealthPollers(List<HealthPoller> pollers, int phase) {
		this.pollers = List.copyOf(pollers);
		this.phase = phase;
	}

	@Override
	public void start() {
		this.pollers.forEach(HealthPoller::start);
		this.running = true;
	}

	@Override
	public void stop() {
		this.pollers.forEach(HealthPoller::stop);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		this.pollers.forEach((poller) -> poller.onApplicationEvent(event));
	}

	/**
	 * The pollers, one per other zone.
	 * @return the pollers
	 */
	public List<HealthPoller> pollers() {
		return this.pollers;
	}

}
