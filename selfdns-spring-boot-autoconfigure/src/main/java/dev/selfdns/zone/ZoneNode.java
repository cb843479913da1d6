package dev.selfdns.zone;

/**
 * Where a query name falls relative to the zone. Every name maps to one of these, so the
 * answers can be prepared per node kind once at start-up.
 */
public enum ZoneNode {

	/** The zone's own name. */
	APEX,

	/** The name of a name server inside the zone. */
	NAME_SERVER,

	/** A name below the apex that owns static records. */
	STATIC,

	/** A name with no records that has a name server name below it (RFC 8020: not NXDOMAIN). */
	EMPTY_NON_TERMINAL,

	/** A name below the apex answered like the apex because wildcard answers are on. */
	WILDCARD,

	/** A name inside the zone that does not exist. */
	NONEXISTENT,

	/** The fleet's probe name, {@code _selfdns.<zone>}: this host's state as TXT. */
	PROBE,

	/** A name outside the zone. */
	OUTSIDE

}
