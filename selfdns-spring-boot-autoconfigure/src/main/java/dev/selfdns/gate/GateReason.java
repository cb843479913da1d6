package dev.selfdns.gate;

/**
 * Why the gate is open or closed. Where several hold, the first in this order is reported.
 */
public enum GateReason {

	/** Every condition holds: the name server answers. */
	OPEN,

	/** The application is shutting down. */
	SHUTTING_DOWN,

	/** An operator drained the host. */
	DRAINED,

	/** The application has not finished starting. */
	STARTING,

	/** The application's readiness state is refusing traffic. */
	NOT_READY,

	/** The health that gates the name server is not UP. */
	HEALTH

}
