package dev.selfdns.dnssec;

/**
 * How the hosts of a fleet hold the zone's keys (RFC 8901).
 */
public enum DnssecMode {

	/** Every host has the same key (or keys) and signs with it. */
	SHARED_KEY,

	/**
	 * Every host signs with a key of its own and publishes every other host's key too (model
	 * 2), so a resolver that cached one host's DNSKEY set validates any host's answers.
	 */
	PER_HOST_KEY

}
