package dev.selfdns.shaping;

/**
 * What a shed resolver gets in {@link ShapingMode#SHARE} mode.
 */
public enum ShedAction {

	/** The answer, late by the largest delay: resolvers that measure speed move to faster hosts. */
	DELAY,

	/** REFUSED: the resolver asks another host at once. */
	REFUSE,

	/** Nothing: the resolver times out and asks another host. */
	DROP

}
