package dev.selfdns.wire;

import org.xbill.DNS.Type;

/**
 * The fast path: parses the common query shape (one question, no answer or authority
 * records, at most an OPT record) in place, without allocating. Anything else is left to
 * {@link MessageQueryParser}.
 */
public final class QueryParser {

	private static final int OPT_FIXED_LENGTH = 11;

	private final MessageQueryParser fallback = new MessageQueryParser();

	/**
	 * Parse a query.
	 * @param bytes the message
	 * @param length its length
	 * @param query receives the parsed fields
	 * @return what was found; never {@link ParseResult#UNUSUAL}
	 */
	public ParseResult parse(byte[] bytes, int length, ParsedQuery query) {
		query.reset();
		query.source = bytes;
		if (length < DnsHeader.LENGTH) {
			return ParseResult.IGNORE;
		}
		query.id = DnsHeader.u16(bytes, 0);
		query.flags = DnsHeader.u16(bytes, 2);
		if ((query.flags & DnsHeader.FLAG_QR) != 0) {
			return ParseResult.IGNORE;
		}
		if (opcode(query) != DnsHeader.OPCODE_QUERY) {
			return ParseResult.OTHER_OPCODE;
		}
		ParseResult result = parseSimple(bytes, length, query);
		return (result != ParseResult.UNUSUAL) ? result : this.fallback.parse(bytes, length, query);
	}

	static int opcode(ParsedQuery query) {
		return (query.flags & DnsHeader.OPCODE_MASK) >>> DnsHeader.OPCODE_SHIFT;
	}

	private ParseResult parseSimple(byte[] bytes, int length, ParsedQuery query) {
		int arcount = DnsHeader.u16(bytes, DnsHeader.ARCOUNT);
		if (DnsHeader.u16(bytes, DnsHeader.QDCOUNT) != 1 || DnsHeader.u16(bytes, DnsHeader.ANCOUNT) != 0
				|| DnsHeader.u16(bytes, DnsHeader.NSCOUNT) != 0 || arcount > 1) {
			return ParseResult.UNUSUAL;
		}
		int nameLength = query.readName(bytes, DnsHeader.LENGTH, length);
		if (nameLength == -1) {
			return ParseResult.UNUSUAL;
		}
		if (nameLength < 0 || DnsHeader.LENGTH + nameLength + 4 > length) {
			return ParseResult.MALFORMED;
		}
		query.questionOffset = DnsHeader.LENGTH;
		query.nameLength = nameLength;
		int position = DnsHeader.LENGTH + nameLength;
		query.type = DnsHeader.u16(bytes, position);
		query.dclass = DnsHeader.u16(bytes, position + 2);
		position += 4;
		if (arcount == 1) {
			if (position >= length) {
				return ParseResult.MALFORMED;
			}
			// Only a root-owned OPT is handled here; a TSIG or a compressed owner goes the slow way.
			if (bytes[position] != 0) {
				return ParseResult.UNUSUAL;
			}
			if (position + OPT_FIXED_LENGTH > length) {
				return ParseResult.MALFORMED;
			}
			if (DnsHeader.u16(bytes, position + 1) != Type.OPT) {
				return ParseResult.UNUSUAL;
			}
			query.edns = true;
			query.ednsPayload = DnsHeader.u16(bytes, position + 3);
			query.ednsVersion = bytes[position + 6] & 0xFF;
			query.dnssecOk = (bytes[position + 7] & 0x80) != 0;
			int optionsStart = position + OPT_FIXED_LENGTH;
			position = optionsStart + DnsHeader.u16(bytes, position + 9);
			if (position > length || !EdnsOptions.read(bytes, optionsStart, position, query)) {
				return ParseResult.MALFORMED;
			}
		}
		return (position == length) ? ParseResult.QUERY : ParseResult.MALFORMED;
	}

}
