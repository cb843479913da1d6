package dev.selfdns.wire;

import java.nio.charset.StandardCharsets;

import org.xbill.DNS.EDNSOption;

/**
 * An Extended DNS Error (RFC 8914): an info-code and a short EXTRA-TEXT that tell a resolver,
 * and the person reading {@code dig}, why a server refused. Prepared once as the option's wire
 * bytes, so the query path copies it and allocates nothing.
 */
public final class ExtendedError {

	/** The longest EXTRA-TEXT prepared: refusals stay small (docs/security.md, amplification). */
	public static final int MAX_TEXT = 32;

	private static final int HEADER = 4;

	private final byte[] option;

	/**
	 * Prepare an error.
	 * @param code the info-code
	 * @param text the EXTRA-TEXT, ASCII, at most {@value #MAX_TEXT} characters
	 */
	public ExtendedError(int code, String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		if (utf8.length > MAX_TEXT) {
			throw new IllegalArgumentException("EXTRA-TEXT longer than " + MAX_TEXT + " bytes: " + text);
		}
		this.option = new byte[HEADER + 2 + utf8.length];
		DnsHeader.putU16(this.option, 0, EDNSOption.Code.EDNS_EXTENDED_ERROR);
		DnsHeader.putU16(this.option, 2, 2 + utf8.length);
		DnsHeader.putU16(this.option, HEADER, code);
		System.arraycopy(utf8, 0, this.option, HEADER + 2, utf8.length);
	}

	/** The option as it goes in the OPT record: code, length, info-code, EXTRA-TEXT. */
	byte[] option() {
		return this.option;
	}

}
