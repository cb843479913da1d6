package dev.selfdns.gate;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Feeds the application's own lifecycle into the gate: ready, and readiness changes (closing
 * is {@link ShutdownDrain}'s).
 * Only its own context counts: child contexts (a separate management port, per-client
 * contexts) publish their events to their parent's listeners too.
 */
public final class ApplicationStateListener implements ApplicationListener<ApplicationEvent> {

	private final ServingGate gate;

	private final ApplicationContext context;

	/**
	 * Create a listener.
	 * @param gate the gate to feed
	 * @param context the context whose lifecycle counts
	 */
	public ApplicationStateListener(ServingGate gate, ApplicationContext context) {
		this.gate = gate;
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationReadyEvent ready && ready.getApplicationContext() == this.context) {
			this.gate.applicationReady();
		}
		else if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState state
				&& change.getSource() == this.context) {
			this.gate.readiness(state == ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

}
