package dev.selfdns.gate;

/**
 * What the name server does with a query while the gate is closed.
 */
public enum WhenClosed {

	/**
	 * Send nothing. Resolvers time out and move on, but most then avoid the host for minutes
	 * after it reopens.
	 */
	DROP,

	/** Answer REFUSED: resolvers ask the next name server at once and return as soon as it reopens. */
	REFUSED,

	/** Answer SERVFAIL: like {@link #REFUSED} for resolvers, read by people as "broken". */
	SERVFAIL

}
