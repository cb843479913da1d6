package dev.selfdns.protection;

/**
 * What response rate limiting lets one response do.
 */
public enum RateLimitDecision {

	/** Send it. */
	SEND,

	/** Send nothing. */
	DROP,

	/** Send it truncated (TC set, no records), so a real client retries over TCP. */
	SLIP

}
