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
	ERROR

}
