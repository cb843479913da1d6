package dev.selfdns.parent;

/**
 * What went wrong talking to the parent's primary. Each has its own message with the fix
 * ({@link RegistrationException#getMessage()}).
 */
public enum RegistrationProblem {

	/** No TCP connection to the server. */
	UNREACHABLE,

	/** No answer within the timeout. */
	TIMEOUT,

	/** The server does not know the key (TSIG BADKEY); Knot also says so when its ACL denies the key. */
	BAD_KEY,

	/** The secret differs from the server's (TSIG BADSIG). */
	BAD_SIGNATURE,

	/** The clocks differ by more than the fudge (TSIG BADTIME). */
	BAD_TIME,

	/** The response was not signed with the key, or its signature did not verify. */
	UNSIGNED_RESPONSE,

	/** The server's policy does not allow the update (REFUSED). */
	REFUSED,

	/** The server is not the primary of the zone (NOTAUTH without a TSIG error). */
	NOT_AUTHORITATIVE,

	/** A record lies outside the zone named in the update (NOTZONE). */
	NOT_IN_ZONE,

	/** The NS set changed since it was read (NXRRSET on the compare-and-swap). */
	CHANGED,

	/** NOERROR, but the read-back does not show the records. */
	NOT_APPLIED,

	/** The zone could not be found by an SOA lookup. */
	NO_ZONE,

	/** Any other failure of the server (SERVFAIL, NOTIMP, FORMERR, a malformed answer). */
	SERVER_FAILURE

}
