package dev.selfdns.dnssec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * The signing of every signed zone, each with its own key set (the same keys, by default) and
 * the zone's name as the owner of its DNSKEY set, hence its own DS.
 */
public final class DnssecSignings {

	private final Map<Name, DnssecSigning> signings;

	/**
	 * Hold the signings.
	 * @param signings each signed zone's, in the order configured
	 */
	public DnssecSignings(Map<Name, DnssecSigning> signings) {
		this.signings = Collections.unmodifiableMap(new LinkedHashMap<>(signings));
	}

	/**
	 * A zone's signing.
	 * @param zone the zone's name
	 * @return its signing, {@code null} for an unsigned zone
	 */
	public @Nullable DnssecSigning of(Name zone) {
		return this.signings.get(zone);
	}

	/**
	 * The DS set of a zone, for the zone that delegates to it.
	 * @param zone the zone's name
	 * @return its DS records, empty for an unsigned zone
	 */
	public List<DSRecord> dsRecords(Name zone) {
		DnssecSigning signing = of(zone);
		return (signing != null) ? signing.keys().dsRecords() : List.of();
	}

	/**
	 * Each signed zone's signing.
	 * @return by zone, in the order configured
	 */
	public Map<Name, DnssecSigning> byZone() {
		return this.signings;
	}

}
