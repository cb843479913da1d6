package dev.selfdns.registration;

/**
 * Where a host stands with the parent zone.
 */
public enum RegistrationState {

	/** Not registered yet: registration starts when the gate first opens. */
	WAITING_FOR_GATE,

	/** The parent lists this host, as last read back. */
	REGISTERED,

	/** The last attempt failed; retried with a growing delay, up to the reconcile interval. */
	FAILING,

	/** Drained for retirement; deregisters once the answers' TTL has passed. */
	RETIRING,

	/** Removed from the parent (retired, or at shutdown). */
	DEREGISTERED,

	/** Left in the parent: removing it would take the NS set below its minimum. */
	KEPT

}
