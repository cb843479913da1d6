package dev.selfdns.query;

import dev.selfdns.gate.GateReason;
import dev.selfdns.wire.ExtendedError;
import org.xbill.DNS.ExtendedErrorCodeOption;

/**
 * Why this server refuses, as the Extended DNS Errors (RFC 8914) its refusals carry to EDNS
 * queries: prepared once, so a refusal costs a copy. A closed gate says only its state, never
 * an operator's drain note, which is for the operator.
 */
final class Refusals {

	/** The name is in no zone served here (RFC 8914 4.21), or its class is not IN. */
	static final ExtendedError NOT_AUTHORITATIVE = new ExtendedError(ExtendedErrorCodeOption.NOT_AUTHORITATIVE,
			"not authoritative");

	/** Zone transfers are not served: every host holds the zone itself (RFC 8914 4.22). */
	static final ExtendedError NO_TRANSFER = new ExtendedError(ExtendedErrorCodeOption.NOT_SUPPORTED,
			"zone transfers not served");

	/**
	 * A resolver shed by load shaping: no RFC code says "busy, ask another server", so Other
	 * (RFC 8914 4.1) with words that do; Not Ready would read as a closed host.
	 */
	static final ExtendedError SHED = new ExtendedError(ExtendedErrorCodeOption.OTHER, "shed: busy, ask another server");

	private static final ExtendedError[] CLOSED = new ExtendedError[GateReason.values().length];

	static {
		for (GateReason reason : GateReason.values()) {
			// Not Ready (RFC 8914 4.15), and the state as the probes give it: closed-by-health, drained...
			CLOSED[reason.ordinal()] = new ExtendedError(ExtendedErrorCodeOption.NOT_READY, reason.hostState().text());
		}
	}

	private Refusals() {
	}

	/**
	 * What a closed gate says.
	 * @param reason why it is closed
	 * @return the prepared error
	 */
	static ExtendedError closed(GateReason reason) {
		return CLOSED[reason.ordinal()];
	}

}
