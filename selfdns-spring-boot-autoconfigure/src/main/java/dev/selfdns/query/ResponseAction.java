package dev.selfdns.query;

/**
 * What the transport does with the response the query chain wrote.
 */
public enum ResponseAction {

	/** Send it now. */
	SEND,

	/** Send it after {@link QueryExchange#delayNanos()} (load shaping). */
	SEND_LATER,

	/** Send nothing. */
	NONE

}
