package dev.selfdns.dnssec;

import java.util.function.Function;

import dev.selfdns.zone.DnssecAnswers;
import dev.selfdns.zone.ServiceZone;
import org.jspecify.annotations.Nullable;

/**
 * Signs each zone the answer table is about to serve, off the query path, and remembers the
 * signatures last made, for the refresh, the clock rule and the endpoint.
 */
public final class DnssecSigning implements Function<ServiceZone, DnssecAnswers> {

	private final ZoneSigner signer;

	private final KeySet keys;

	private volatile @Nullable SignedZone last;

	/**
	 * Create the signing.
	 * @param signer the signer
	 * @param keys the keys it signs with
	 */
	public DnssecSigning(ZoneSigner signer, KeySet keys) {
		this.signer = signer;
		this.keys = keys;
	}

	@Override
	public DnssecAnswers apply(ServiceZone zone) {
		SignedZone signed = this.signer.sign(zone);
		this.last = signed;
		return new SignedAnswers(zone, signed);
	}

	/**
	 * The signatures last made.
	 * @return them, {@code null} before the first zone is signed
	 */
	public @Nullable SignedZone last() {
		return this.last;
	}

	public KeySet keys() {
		return this.keys;
	}

}
