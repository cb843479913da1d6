package dev.selfdns.peers;

import java.util.Locale;

/**
 * How a host stands with one peer, for the endpoint, the health component and the
 * {@code selfdns.peers} gauge's {@code state} tag.
 */
public enum PeerCondition {

	/** It reported {@code open} recently. */
	OPEN,

	/** It reported another state recently: closed by health, drained, starting, shutting down. */
	CLOSED,

	/** Its addresses are known but it has not answered recently, or ever. */
	SILENT,

	/** Its name has no address this host can find, so it cannot be asked. */
	UNRESOLVED;

	/**
	 * The tag value.
	 * @return the name in lower case, e.g. {@code silent}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
