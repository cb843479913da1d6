package dev.selfdns.gate;

/**
 * Reads the health that gates the name server. Called on a schedule, never per query.
 */
@FunctionalInterface
public interface HealthCheck {

	/**
	 * Read the health now.
	 * @return the verdict
	 */
	HealthVerdict check();

}
