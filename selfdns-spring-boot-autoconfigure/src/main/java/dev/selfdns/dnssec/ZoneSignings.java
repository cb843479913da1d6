package dev.selfdns.dnssec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The signing of each of a host's other zones (the first zone's is the {@link DnssecSigning}
 * bean), in the order {@code selfdns.zones} lists them: each has its own key set, with the
 * zone's name as the owner of its DNSKEY set and hence its own DS.
 */
public final class ZoneSignings {

	private final List<DnssecSigning> signings;

	/**
	 * Hold the zones' signings.
	 * @param signings one per other zone, in the order configured
	 */
	public ZoneSignings(List<DnssecSigning> signings) {
		this.signings = List.copyOf(signings);
	}

	/**
	 * A zone's signing.
	 * @param index the zone's place in {@code selfdns.zones}, from 1
	 * @return its signing, {@code null} for the first zone or one past the end
	 */
	public @Nullable DnssecSigning zone(int index) {
		return (index >= 1 && index <= this.signings.size()) ? this.signings.get(index - 1) : null;
	}

}
