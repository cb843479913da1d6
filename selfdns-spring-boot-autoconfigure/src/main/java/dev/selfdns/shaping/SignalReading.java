package dev.selfdns.shaping;

/**
 * The last reading of one signal.
 *
 * @param signal the signal
 * @param value the value read, {@code NaN} when the meter does not exist (yet) or has no value
 * @param level the value's load level (0 when there is no value)
 */
public record SignalReading(LoadSignal signal, double value, double level) {

	/**
	 * Whether the meter was found and gave a value.
	 * @return {@code true} if present
	 */
	public boolean present() {
		return !Double.isNaN(this.value);
	}

}
