package dev.selfdns.dnssec;

import java.util.List;

import dev.selfdns.wire.AnswerTable;
import org.jspecify.annotations.Nullable;

/**
 * DNSSEC's work for each of a host's other zones (the first zone's is DNSSEC's own beans).
 */
public final class ZoneSignatures {

	private final List<ZoneSignature> zones;

	/**
	 * Hold the zones' DNSSEC work.
	 * @param zones one per other signed zone, in the order configured
	 */
	public ZoneSignatures(List<ZoneSignature> zones) {
		this.zones = List.copyOf(zones);
	}

	/**
	 * Each other zone's DNSSEC work.
	 * @return them, in the order configured
	 */
	public List<ZoneSignature> zones() {
		return this.zones;
	}

	/**
	 * The DNSSEC work of the zone served from a table.
	 * @param answers the zone's answer table
	 * @return its work, {@code null} for the first zone's table or an unsigned one
	 */
	public @Nullable ZoneSignature of(AnswerTable answers) {
		for (ZoneSignature zone : this.zones) {
			if (zone.answers() == answers) {
				return zone;
			}
		}
		return null;
	}

	/**
	 * The zones' refreshers, to start and stop with the first zone's.
	 * @return them
	 */
	public List<SignatureRefresher> refreshers() {
		return this.zones.stream().map(ZoneSignature::refresher).toList();
	}

}
