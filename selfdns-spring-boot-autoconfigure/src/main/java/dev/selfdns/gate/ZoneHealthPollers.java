package dev.selfdns.gate;

import java.util.List;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.context.ApplicationListener;

/**
 * The health pollers of a host's other zones, each feeding its zone's gate from its zone's
 * health group, told of the same availability changes as the first zone's poller. They start
 * and stop with it, as one {@link dev.selfdns.schedule.LifecycleGroup}.
 */
public final class ZoneHealthPollers implements ApplicationListener<AvailabilityChangeEvent<?>> {

	private final List<HealthPoller> pollers;

	/**
	 * Hold the pollers.
	 * @param pollers one per other zone
	 */
	public ZoneHealthPollers(List<HealthPoller> pollers) {
		this.pollers = List.copyOf(pollers);
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
