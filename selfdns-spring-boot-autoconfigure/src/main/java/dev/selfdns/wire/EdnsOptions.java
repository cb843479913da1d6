package dev.selfdns.wire;

import org.xbill.DNS.EDNSOption;

/**
 * Reads the options of an OPT record in place: NSID (RFC 5001) and COOKIE (RFC 7873) are
 * noted, every other option is skipped, as RFC 6891 section 6.1.2 asks.
 */
final class EdnsOptions {

	private static final int OPTION_HEADER = 4;

	private EdnsOptions() {
	}

	/**
	 * Read the options between two offsets.
	 * @param bytes the message
	 * @param start where the OPT record's data starts
	 * @param end where it ends
	 * @param query receives what was found
	 * @return {@code false} for malformed options (lengths past the data, a bad or repeated
	 * COOKIE): FORMERR
	 */
	static boolean read(byte[] bytes, int start, int end, ParsedQuery query) {
		int position = start;
		while (position < end) {
			if (position + OPTION_HEADER > end) {
				return false;
			}
			int code = DnsHeader.u16(bytes, position);
			int length = DnsHeader.u16(bytes, position + 2);
			position += OPTION_HEADER;
			if (position + length > end) {
				return false;
			}
			if (code == EDNSOption.Code.NSID) {
				query.nsidRequested = true;
			}
			else if (code == EDNSOption.Code.COOKIE && !cookie(bytes, position, length, query)) {
				return false;
			}
			position += length;
		}
		return true;
	}

	/**
	 * Note a COOKIE option.
	 * @return {@code false} for a malformed or repeated one
	 */
	static boolean cookie(byte[] bytes, int offset, int length, ParsedQuery query) {
		// RFC 7873 section 5.2.2: a client cookie alone, or with a server cookie of 8 to 32 bytes.
		boolean wellFormed = length == ParsedQuery.CLIENT_COOKIE_LENGTH
				|| (length >= ParsedQuery.CLIENT_COOKIE_LENGTH + 8 && length <= ParsedQuery.MAX_COOKIE_LENGTH);
		if (!wellFormed || query.cookieLength != 0) {
			return false;
		}
		System.arraycopy(bytes, offset, query.cookie, 0, length);
		query.cookieLength = length;
		return true;
	}

}
