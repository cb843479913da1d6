package dev.selfdns.protection;

/**
 * The kinds of response that rate limiting counts apart, as BIND does: a flood of errors must
 * not use up the answers of the same network.
 */
public enum ResponseKind {

	/** Answers with records, and NODATA. */
	RESPONSE,

	/** NXDOMAIN. */
	NXDOMAIN,

	/** REFUSED, FORMERR, NOTIMP, SERVFAIL, BADVERS, BADCOOKIE. */
	ERROR,

	/**
	 * The answers that steer resolvers: REFUSED or SERVFAIL from a closed gate, REFUSED to a shed
	 * resolver. Never limited: they carry no data, so they amplify nothing (at most the 16 bytes
	 * of a server cookie; their Extended DNS Error is counted apart), and silence in their place
	 * stalls a resolver's clients for its timeout and makes BIND and PowerDNS shun the host after
	 * it reopens (docs/resolvers.md).
	 */
	STEERING

}
