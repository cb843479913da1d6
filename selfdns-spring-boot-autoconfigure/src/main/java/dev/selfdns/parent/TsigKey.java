package dev.selfdns.parent;

import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * A TSIG key (RFC 8945) shared with the parent's primary: its name, algorithm and secret. The
 * secret never leaves this object: {@link #toString()} shows the name and algorithm only.
 */
public final class TsigKey {

	/** The shortest secret accepted: {@code tsig-keygen} makes 32 bytes for hmac-sha256. */
	public static final int MIN_SECRET_BYTES = 32;

	// RFC 8945 section 6: MD5 and SHA-1 are deprecated for TSIG.
	private static final Set<Name> REFUSED = Set.of(TSIG.HMAC_MD5, TSIG.HMAC_SHA1, TSIG.GSS_TSIG);

	private final Name name;

	private final Name algorithm;

	private final byte[] secret;

	/**
	 * Create a key.
	 * @param name the key's name, as the parent's configuration names it
	 * @param algorithm the algorithm's name, e.g. {@code hmac-sha256}
	 * @param secret the secret's bytes
	 */
	public TsigKey(Name name, Name algorithm, byte[] secret) {
		this.name = name;
		this.algorithm = algorithm;
		this.secret = secret.clone();
	}

	/**
	 * The algorithm named by text, as BIND and Knot write it.
	 * @param text e.g. {@code hmac-sha256}
	 * @return the algorithm's name
	 * @throws IllegalArgumentException naming the algorithms to use instead
	 */
	public static Name algorithm(String text) {
		Name algorithm;
		try {
			algorithm = TSIG.algorithmToName(text.trim().toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("is not a TSIG algorithm; use hmac-sha256 (or hmac-sha384, hmac-sha512)");
		}
		if (REFUSED.contains(algorithm)) {
			throw new IllegalArgumentException(
					"is refused: MD5 and SHA-1 are deprecated for TSIG (RFC 8945); use hmac-sha256");
		}
		return algorithm;
	}

	/**
	 * The secret given as base64, as {@code tsig-keygen} and {@code keymgr} print it.
	 * @param base64 the secret
	 * @return its bytes
	 * @throws IllegalArgumentException (without the value) if it is not base64 of
	 * {@value #MIN_SECRET_BYTES} bytes or more
	 */
	public static byte[] secret(String base64) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("is not base64");
		}
		if (bytes.length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException("is " + bytes.length + " bytes, at least " + MIN_SECRET_BYTES
					+ " are needed (e.g. from 'tsig-keygen -a hmac-sha256 <name>')");
		}
		return bytes;
	}

	public Name name() {
		return this.name;
	}

	public Name algorithm() {
		return this.algorithm;
	}

	/**
	 * The algorithm as BIND and Knot write it.
	 * @return e.g. {@code hmac-sha256}
	 */
	public String algorithmText() {
		return this.algorithm.toString(true);
	}

	/**
	 * A signer for one exchange.
	 * @param clock the time to sign with and to check the response's time against
	 * @return the signer
	 */
	TSIG signer(Clock clock) {
		return new TSIG(this.algorithm, this.name,
				new SecretKeySpec(this.secret, TSIG.nameToAlgorithm(this.algorithm)), clock);
	}

	@Override
	public String toString() {
		return "TsigKey[name=" + this.name + ", algorithm=" + algorithmText() + "]";
	}

}
