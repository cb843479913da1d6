package dev.selfdns.shaping;

import java.util.List;

/**
 * What shaping does now; replaced as a whole on every sample and read per query.
 *
 * @param score the smoothed load score, 0 to 1
 * @param overload how far the smoothed load is past saturation, 0 to 1
 * @param shedShare the share of resolver networks shed ({@link ShapingMode#SHARE}), else 0
 * @param delayNanos the delay a shaped answer gets now, in nanoseconds
 * @param dropProbability the share of queries dropped now
 * @param signals the last reading of each signal
 */
public record ShapingState(double score, double overload, double shedShare, long delayNanos, double dropProbability,
		List<SignalReading> signals) {

	/** No load: nothing is shaped. */
	public static final ShapingState IDLE = new ShapingState(0, 0, 0, 0, 0, List.of());

	public ShapingState {
		signals = List.copyOf(signals);
	}

}
