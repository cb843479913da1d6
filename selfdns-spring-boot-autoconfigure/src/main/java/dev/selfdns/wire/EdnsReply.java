package dev.selfdns.wire;

import org.jspecify.annotations.Nullable;

/**
 * What the OPT record of one response carries beyond its fixed fields: this host's NSID when
 * the query asked for it, a server cookie when the query chain made one, and an Extended DNS
 * Error (RFC 8914) when it refuses. Owned by a listener thread with its query and reused, so it
 * allocates nothing.
 */
public final class EdnsReply {

	/** The length of the server cookies this server sends (RFC 9018 section 4). */
	public static final int SERVER_COOKIE_LENGTH = 16;

	private byte @Nullable [] nsid;

	private final byte[] serverCookie = new byte[SERVER_COOKIE_LENGTH];

	private boolean withServerCookie;

	private byte @Nullable [] extendedError;

	/**
	 * Start afresh for the next response.
	 * @param nsid this host's NSID, {@code null} for none
	 */
	public void reset(byte @Nullable [] nsid) {
		this.nsid = nsid;
		this.withServerCookie = false;
		this.extendedError = null;
	}

	/**
	 * Send an Extended DNS Error with the response (to queries with EDNS).
	 * @param error the prepared option, shared and never changed
	 */
	public void extendedError(ExtendedError error) {
		this.extendedError = error.option();
	}

	byte @Nullable [] extendedError() {
		return this.extendedError;
	}

	/**
	 * The room for a server cookie: write it there, then call {@link #serverCookieWritten()}.
	 * @return the {@value #SERVER_COOKIE_LENGTH} bytes
	 */
	public byte[] serverCookie() {
		return this.serverCookie;
	}

	/** Send the server cookie written into {@link #serverCookie()}. */
	public void serverCookieWritten() {
		this.withServerCookie = true;
	}

	byte @Nullable [] nsid() {
		return this.nsid;
	}

	boolean withServerCookie() {
		return this.withServerCookie;
	}

}
