package dev.selfdns.shaping;

import java.time.Duration;

/**
 * Smooths the raw load (0 to 2: up to 1 is load, beyond is overload) with an exponentially
 * weighted moving average over a time constant, then holds the published value until the
 * smoothed one has moved by at least the hysteresis, so noise does not move resolvers back
 * and forth. Near 0, 1 and 2 the value snaps, so an idle host sheds nothing and a saturated
 * one sheds everything.
 */
final class ScoreSmoother {

	static final double MAX_LOAD = 2;

	private static final double[] SNAP_POINTS = { 0, 1, MAX_LOAD };

	private final double timeConstantNanos;

	private final double hysteresis;

	private double smoothed;

	private double published;

	private long lastNanos;

	private boolean started;

	ScoreSmoother(Duration timeConstant, double hysteresis) {
		this.timeConstantNanos = timeConstant.toNanos();
		this.hysteresis = hysteresis;
	}

	/**
	 * Add a raw reading.
	 * @param raw the raw load, clamped to 0..2
	 * @param nowNanos a monotonic time
	 * @return the published load, 0 to 2
	 */
	double update(double raw, long nowNanos) {
		double clamped = Math.min(MAX_LOAD, Math.max(0, raw));
		if (this.timeConstantNanos == 0) {
			this.smoothed = clamped;
		}
		else if (this.started) {
			double alpha = 1 - Math.exp(-(nowNanos - this.lastNanos) / this.timeConstantNanos);
			this.smoothed += alpha * (clamped - this.smoothed);
		}
		this.started = true;
		this.lastNanos = nowNanos;
		double target = snap(this.smoothed);
		if (Math.abs(target - this.published) >= this.hysteresis || isSnapPoint(target)) {
			this.published = target;
		}
		return this.published;
	}

	private double snap(double value) {
		for (double point : SNAP_POINTS) {
			if (Math.abs(value - point) <= this.hysteresis / 2) {
				return point;
			}
		}
		return value;
	}

	private static boolean isSnapPoint(double value) {
		for (double point : SNAP_POINTS) {
			if (value == point) {
				return true;
			}
		}
		return false;
	}

}
