package dev.selfdns.fleet;

import java.util.ArrayList;
import java.util.List;

import dev.selfdns.wire.AnswerTable;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The fleet's work for each of a host's other zones (the first zone's is the fleet's own
 * beans), in the order {@code selfdns.zones} lists them.
 */
public final class ZoneFleets {

	private final List<ZoneFleet> zones;

	/**
	 * Hold the zones' fleet work.
	 * @param zones one per other zone, in the order configured
	 */
	public ZoneFleets(List<ZoneFleet> zones) {
		this.zones = List.copyOf(zones);
	}

	/**
	 * Each other zone's fleet work.
	 * @return them, in the order configured
	 */
	public List<ZoneFleet> zones() {
		return this.zones;
	}

	/**
	 * The fleet work of the zone served from a table.
	 * @param answers the zone's answer table
	 * @return its work, {@code null} for the first zone's table
	 */
	public @Nullable ZoneFleet of(AnswerTable answers) {
		for (ZoneFleet zone : this.zones) {
			if (zone.answers() == answers) {
				return zone;
			}
		}
		return null;
	}

	/**
	 * The work that runs before the listeners stop: probes, the parents' NS sets, janitors.
	 * @return the lifecycles
	 */
	public List<SmartLifecycle> periodic() {
		List<SmartLifecycle> periodic = new ArrayList<>();
		for (ZoneFleet zone : this.zones) {
			periodic.add(zone.prober());
			if (zone.peerSet() != null) {
				periodic.add(zone.peerSet());
			}
			if (zone.janitor() != null) {
				periodic.add(zone.janitor());
			}
		}
		return periodic;
	}

	/**
	 * The zones' registrations, which stop (and deregister) before the shutdown drain.
	 * @return them, one per zone that registers
	 */
	public List<SelfRegistration> registrations() {
		List<SelfRegistration> registrations = new ArrayList<>();
		for (ZoneFleet zone : this.zones) {
			if (zone.registration() != null) {
				registrations.add(zone.registration());
			}
		}
		return registrations;
	}

}
