package dev.selfdns.dnssec;

import java.util.Map;

import dev.selfdns.schedule.ZoneJobs;
import org.xbill.DNS.Name;

/**
 * The refresh, clock rule and fleet key check of every signed zone, each acting on its zone's
 * gate.
 */
public final class SignatureRefreshers extends ZoneJobs<SignatureRefresher> {

	/**
	 * Hold the refreshers.
	 * @param refreshers each signed zone's, in the order configured
	 * @param phase the lifecycle phase: before the listeners start
	 */
	public SignatureRefreshers(Map<Name, SignatureRefresher> refreshers, int phase) {
		super(refreshers, phase);
	}

}
