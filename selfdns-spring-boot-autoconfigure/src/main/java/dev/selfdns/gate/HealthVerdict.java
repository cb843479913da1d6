package dev.selfdns.gate;

/**
 * The result of reading the health that gates the name server.
 *
 * @param status the health status code, such as {@code UP} or {@code DOWN}
 * @param source what was read, for messages: "overall health" or "health group 'readiness'"
 */
public record HealthVerdict(String status, String source) {

	/** The status that opens the gate. */
	public static final String UP = "UP";

	/**
	 * Whether this verdict lets the gate open.
	 * @return {@code true} when the status is UP
	 */
	public boolean up() {
		return UP.equals(this.status);
	}

}
