package dev.selfdns.shaping;

/**
 * How load turns into what queries get.
 */
public enum ShapingMode {

	/**
	 * The score is the share of resolver networks shed; each network is shed or not by a stable
	 * hash, so the same resolvers stay away as long as the load lasts. A resolver reacts to a
	 * slow host like a switch, so graded shedding must come from which resolvers are shed.
	 */
	SHARE,

	/** Every answer is delayed by score times the largest delay; past saturation some are dropped. */
	RAMP

}
