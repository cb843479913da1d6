package dev.selfdns.shaping;

import java.util.Map;

/**
 * One Micrometer meter and the thresholds that map its value to a load level: {@code low}
 * and below is 0, {@code high} is 1, and values above {@code high} go on rising (past 1 is
 * overload).
 *
 * @param meter the meter name
 * @param tags tags the meter must have; empty matches every meter of that name
 * @param statistic which value to read
 * @param percentile the percentile read by {@link SignalStatistic#PERCENTILE}
 * @param low the value at which load starts to count
 * @param high the value at which the host counts as fully loaded
 */
public record LoadSignal(String meter, Map<String, String> tags, SignalStatistic statistic, double percentile,
		double low, double high) {

	public LoadSignal {
		tags = Map.copyOf(tags);
		if (!(high > low)) {
			throw new IllegalArgumentException("high (" + high + ") must be greater than low (" + low + ")");
		}
	}

	/**
	 * The load level of a value: 0 at or below {@code low}, 1 at {@code high}, more above.
	 * @param value a value of the meter
	 * @return the level, never negative
	 */
	public double level(double value) {
		return Math.max(0, (value - this.low) / (this.high - this.low));
	}

	/**
	 * The meter as people write it: {@code http.server.requests{uri=/}}.
	 * @return the description
	 */
	public String describe() {
		return this.tags.isEmpty() ? this.meter : this.meter + this.tags;
	}

}
