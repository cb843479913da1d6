package dev.selfdns.gate;

import org.jspecify.annotations.Nullable;

/**
 * The result of reading the health that gates the name server.
 *
 * @param status the health status code, such as {@code UP} or {@code DOWN}
 * @param source what was read, for messages: "overall health" or "health group 'readiness'"
 * @param failure why no health could be read (the check threw or timed out), {@code null} when
 * it was read
 */
public record HealthVerdict(String status, String source, @Nullable String failure) {

	/** The status that opens the gate. */
	public static final String UP = "UP";

	/** The status of a reading that failed. */
	public static final String DOWN = "DOWN";

	/**
	 * A health reading.
	 * @param status the health status code
	 * @param source what was read
	 */
	public HealthVerdict(String status, String source) {
		this(status, source, null);
	}

	/**
	 * A reading that failed, which counts as DOWN.
	 * @param failure why, for people
	 * @return the verdict
	 */
	public static HealthVerdict failed(String failure) {
		return new HealthVerdict(DOWN, "health", failure);
	}

	/**
	 * Whether this verdict lets the gate open.
	 * @return {@code true} when the status is UP
	 */
	public boolean up() {
		return UP.equals(this.status);
	}

	/**
	 * What the verdict says, for people: "overall health is DOWN", or the failure.
	 * @return the description
	 */
	public String description() {
		return (this.failure != null) ? this.failure : this.source + " is " + this.status;
	}

}
