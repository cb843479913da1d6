package dev.selfdns.registration;

import java.util.Map;

import dev.selfdns.schedule.ZoneJobs;
import org.xbill.DNS.Name;

/**
 * The registration of every zone that registers with a parent elsewhere (not one delegated by
 * another zone served here), each with its own parent. They stop, and deregister, before the
 * shutdown drain.
 */
public final class SelfRegistrations extends ZoneJobs<SelfRegistration> {

	/**
	 * Hold the registrations.
	 * @param registrations each zone's registration, in the order configured
	 * @param phase the lifecycle phase
	 */
	public SelfRegistrations(Map<Name, SelfRegistration> registrations, int phase) {
		super(registrations, phase);
	}

	/** Leave every parent: the endpoint's {@code retire} action. */
	public void retire() {
		all().forEach(SelfRegistration::retire);
	}

	/** Undo a retirement: each zone registers again once its gate is open. */
	public void rejoin() {
		all().forEach(SelfRegistration::rejoin);
	}

	/** Reconcile every zone's records now: this host's addresses have changed. */
	public void reconcileSoon() {
		all().forEach(SelfRegistration::reconcileSoon);
	}

}
