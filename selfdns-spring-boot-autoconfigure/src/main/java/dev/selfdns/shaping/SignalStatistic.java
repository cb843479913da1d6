package dev.selfdns.shaping;

/**
 * Which value of a meter a load signal reads. Times are in seconds.
 */
public enum SignalStatistic {

	/**
	 * By meter type: a gauge's value, a counter's rate, a timer's or distribution summary's mean,
	 * a long task timer's active tasks.
	 */
	AUTO,

	/** A gauge's value (the largest, where several meters match). */
	VALUE,

	/** Counts per second since the last sample, summed over matching meters. */
	RATE,

	/** Mean time or amount per event since the last sample, over all matching meters. */
	MEAN,

	/** The largest recent time or amount, as the meter reports its maximum. */
	MAX,

	/** Tasks in flight in a long task timer, summed over matching meters. */
	ACTIVE_TASKS,

	/** A published percentile (the signal's {@code percentile}, e.g. 0.99) of a timer or summary. */
	PERCENTILE

}
