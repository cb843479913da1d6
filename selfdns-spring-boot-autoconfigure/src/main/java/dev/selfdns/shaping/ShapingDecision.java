package dev.selfdns.shaping;

/**
 * What load shaping does with one answer.
 */
public enum ShapingDecision {

	/** Send it now. */
	NOW,

	/** Send it after {@link LoadShaper#delayNanos()}. */
	DELAY,

	/** Send nothing. */
	DROP,

	/** Answer REFUSED: the resolver is one of the share shed. */
	REFUSE

}
