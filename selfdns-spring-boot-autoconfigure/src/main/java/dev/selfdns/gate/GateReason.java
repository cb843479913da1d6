package dev.selfdns.gate;

import dev.selfdns.zone.HostState;

/**
 * Why the gate is open or closed. Where several hold, the first in this order is reported.
 */
public enum GateReason {

	/** Every condition holds: the name server answers. */
	OPEN(HostState.OPEN),

	/**
	 * Health is not UP, but a peer has reported closed by health within
	 * {@code selfdns.gate.fail-open.after} and none has reported open: the whole fleet is down
	 * together, so the host answers anyway and the name still resolves. It tells its peers it is
	 * closed by health, so a failing-open host never holds another one open.
	 */
	FAIL_OPEN(HostState.CLOSED_BY_HEALTH),

	/** The application is shutting down. */
	SHUTTING_DOWN(HostState.SHUTTING_DOWN),

	/** An operator drained the host. */
	DRAINED(HostState.DRAINED),

	/**
	 * The signatures this host would serve are not valid now (its clock is off, or they were
	 * not refreshed): validating resolvers would reject its answers, so it does not give them.
	 */
	DNSSEC(HostState.CLOSED_BY_DNSSEC),

	/** The application has not finished starting. */
	STARTING(HostState.STARTING),

	/** The application's readiness state is refusing traffic. */
	NOT_READY(HostState.NOT_READY),

	/** The health that gates the name server is not UP. */
	HEALTH(HostState.CLOSED_BY_HEALTH);

	private final HostState hostState;

	GateReason(HostState hostState) {
		this.hostState = hostState;
	}

	/**
	 * What the host tells its peers in this state ({@code _selfdns.<zone>} TXT).
	 * @return the host state
	 */
	public HostState hostState() {
		return this.hostState;
	}

}
