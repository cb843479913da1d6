package dev.selfdns.registration;

/**
 * When a host removes itself from the parent's delegation.
 */
public enum DeregisterPolicy {

	/**
	 * At shutdown when the host's addresses are discovered (a cloud host's address is not its
	 * own after it stops), else never.
	 */
	AUTO,

	/** At every shutdown, and on retirement. */
	ON_SHUTDOWN,

	/** Only when retired through the endpoint. */
	ON_RETIRE,

	/** Never: the operator removes hosts. */
	NEVER

}
