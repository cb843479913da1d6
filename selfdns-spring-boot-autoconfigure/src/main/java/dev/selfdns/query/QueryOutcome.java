package dev.selfdns.query;

/**
 * What became of one query. Low-cardinality by design, for counters and tags.
 */
public enum QueryOutcome {

	/** Answered with records. */
	ANSWERED,

	/** The name exists but has no records of the type asked for. */
	NODATA,

	/** The name does not exist. */
	NXDOMAIN,

	/** Refused: outside the zone, another class, zone transfer or an UPDATE. */
	REFUSED,

	/** Malformed or unsupported EDNS version. */
	FORMERR,

	/** An opcode this server does not implement. */
	NOTIMP,

	/** BADCOOKIE: cookies are required and the client's server cookie was missing or stale. */
	BADCOOKIE,

	/** Refused by load shaping: the client's network is one of the share shed ({@code shed-action=refuse}). */
	SHED,

	/** Dropped by load shaping, or because too many delayed answers were waiting. */
	DROPPED,

	/** Dropped by response rate limiting. */
	RATE_LIMITED,

	/** Limited by response rate limiting, and sent truncated so a real client retries over TCP. */
	SLIPPED,

	/** The gate was closed. */
	CLOSED,

	/** Not a query (a response, or shorter than a header): nothing sent. */
	IGNORED

}
