package dev.selfdns.fleet;

import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.Name;

/**
 * Every zone's peer prober, in the order the zones are served: what the health component, the
 * meters and the endpoint read to say what the host knows of its peers.
 */
public final class PeerProbers {

	private final List<ZoneProber> zones;

	/**
	 * Hold the probers.
	 * @param zones one per zone, the first zone's first
	 */
	public PeerProbers(List<ZoneProber> zones) {
		this.zones = List.copyOf(zones);
	}

	/**
	 * The first zone's prober and those of every other zone.
	 * @param first the first zone's prober
	 * @param others the other zones' fleet work
	 * @return the probers
	 */
	public static PeerProbers of(PeerProber first, ZoneFleets others) {
		List<ZoneProber> zones = new ArrayList<>();
		zones.add(new ZoneProber(first.zone(), first));
		others.zones().forEach((zone) -> zones.add(new ZoneProber(zone.prober().zone(), zone.prober())));
		return new PeerProbers(zones);
	}

	/**
	 * Each zone with its prober.
	 * @return them, the first zone's first
	 */
	public List<ZoneProber> zones() {
		return this.zones;
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
