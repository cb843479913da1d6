package dev.selfdns.registration;

import java.util.Map;

import dev.selfdns.schedule.ZoneJobs;
import org.xbill.DNS.Name;

/** The janitor of every zone that registers: each removes its zone's silent hosts. */
public final class PeerJanitors extends ZoneJobs<PeerJanitor> {

	/**
	 * Hold the janitors.
	 * @param janitors each zone's, in the order configured
	 * @param phase the lifecycle phase: before the listeners start
	 */
	public PeerJanitors(Map<Name, PeerJanitor> janitors, int phase) {
		super(janitors, phase);
	}

}
