package dev.selfdns.peers;

import java.util.List;
import java.util.Map;

import dev.selfdns.schedule.ZoneJobs;
import org.xbill.DNS.Name;

/**
 * Every zone's peer prober, in the order the zones are configured: what the health component,
 * the meters and the endpoint read to say what the host knows of its peers.
 */
public final class PeerProbers extends ZoneJobs<PeerProber> {

	/**
	 * Hold the probers.
	 * @param probers each zone's prober, in the order configured
	 * @param phase the lifecycle phase: before the listeners start
	 */
	public PeerProbers(Map<Name, PeerProber> probers, int phase) {
		super(probers, phase);
	}

	/**
	 * Each zone with its prober.
	 * @return them, in the order configured
	 */
	public List<ZoneProber> zones() {
		return byZone().entrySet().stream().map((entry) -> new ZoneProber(entry.getKey(), entry.getValue())).toList();
	}

	/**
	 * One zone's prober.
	 *
	 * @param zone the zone's name
	 * @param prober its prober
	 */
	public record ZoneProber(Name zone, PeerProber prober) {

	}

}
