package dev.selfdns.zone;

/**
 * What a host says of itself to its peers, in the TXT record of the zone's probe name
 * ({@code _selfdns.<zone>}): answered in every state, so a peer can tell a host that is closed
 * from one that is gone.
 */
public enum HostState {

	/** Answering. */
	OPEN("open"),

	/** Not yet ready, or not yet read healthy since it became ready. */
	STARTING("starting"),

	/** The application's readiness refuses traffic. */
	NOT_READY("not-ready"),

	/** The health that gates it is not UP. */
	CLOSED_BY_HEALTH("closed-by-health"),

	/** Drained by an operator. */
	DRAINED("drained"),

	/** Its DNSSEC signatures are not valid now: it must not answer with them. */
	CLOSED_BY_DNSSEC("closed-by-dnssec"),

	/** Shutting down. */
	SHUTTING_DOWN("shutting-down");

	private final String text;

	HostState(String text) {
		this.text = text;
	}

	/**
	 * The state as the probe's TXT record gives it.
	 * @return the text, e.g. {@code closed-by-health}
	 */
	public String text() {
		return this.text;
	}

}
