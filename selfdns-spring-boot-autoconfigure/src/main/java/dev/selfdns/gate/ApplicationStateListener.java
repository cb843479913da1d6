package dev.selfdns.gate;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Feeds the application's own lifecycle into the gate: ready, readiness changes, closing.
 */
public final class ApplicationStateListener implements ApplicationListener<ApplicationEvent> {

	private final ServingGate gate;

	public ApplicationStateListener(ServingGate gate) {
		this.gate = gate;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationReadyEvent) {
			this.gate.applicationReady();
		}
		else if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState state) {
			this.gate.readiness(state == ReadinessState.ACCEPTING_TRAFFIC);
		}
		else if (event instanceof ContextClosedEvent) {
			this.gate.shutdown();
		}
	}

}
