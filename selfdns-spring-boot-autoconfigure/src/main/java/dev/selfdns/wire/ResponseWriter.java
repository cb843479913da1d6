package dev.selfdns.wire;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Writes responses by splicing: a header built from the query's id and flags, the question
 * copied byte for byte (resolvers check the 0x20 letter case), a prepared answer, and the
 * OPT record with what the {@link EdnsReply} holds. Writes into a caller-owned buffer and
 * allocates nothing.
 */
public final class ResponseWriter {

	/** The smallest UDP payload every client accepts (RFC 1035, RFC 6891 section 6.2.5). */
	public static final int MIN_UDP_PAYLOAD = 512;

	/** The largest DNS message, as TCP carries it. */
	public static final int MAX_MESSAGE = 65535;

	private static final int OPT_LENGTH = 11;

	private static final int EXTENDED_RCODE_SHIFT = 4;

	private static final int OPTION_HEADER = 4;

	private static final int COOKIE_OPTION_LENGTH = OPTION_HEADER + ParsedQuery.CLIENT_COOKIE_LENGTH
			+ EdnsReply.SERVER_COOKIE_LENGTH;

	private final int udpPayloadSize;

	/**
	 * Create a writer.
	 * @param udpPayloadSize the EDNS UDP payload size this server advertises and accepts
	 */
	public ResponseWriter(int udpPayloadSize) {
		this.udpPayloadSize = udpPayloadSize;
	}

	/**
	 * The largest response a query may receive over UDP (RFC 6891 section 6.2.5).
	 * @param query the query
	 * @return the size limit
	 */
	public int udpLimit(ParsedQuery query) {
		if (!query.edns) {
			return MIN_UDP_PAYLOAD;
		}
		return Math.min(Math.max(query.ednsPayload, MIN_UDP_PAYLOAD), this.udpPayloadSize);
	}

	/**
	 * Write a prepared answer, truncated to header, question and OPT with TC set if it does not
	 * fit.
	 * @param query the query
	 * @param reply what the OPT record carries
	 * @param answer the prepared answer
	 * @param out the buffer to write into (at least {@value #MAX_MESSAGE} bytes)
	 * @param limit the largest response allowed
	 * @return the response length
	 */
	public int writeAnswer(ParsedQuery query, EdnsReply reply, PreparedAnswer answer, byte[] out, int limit) {
		int flags = responseFlags(query, answer.rcode()) | (answer.authoritative() ? DnsHeader.FLAG_AA : 0);
		int full = DnsHeader.LENGTH + query.questionLength() + answer.sections().length + optLength(query, reply);
		if (full > limit) {
			return writeHeaderAndQuestion(query, reply, flags | DnsHeader.FLAG_TC, Rcode.NOERROR, out);
		}
		int position = writeHeader(query, flags, 1, answer.answerCount(), answer.authorityCount(),
				answer.additionalCount() + optCount(query), out);
		position = copyQuestion(query, out, position);
		System.arraycopy(answer.sections(), 0, out, position, answer.sections().length);
		position += answer.sections().length;
		return writeOpt(query, reply, out, position, Rcode.NOERROR);
	}

	/**
	 * Write a response with no records: the question and the OPT record for EDNS queries.
	 * @param query the query, its question parsed
	 * @param reply what the OPT record carries
	 * @param rcode the response code, extended codes such as BADVERS included
	 * @param out the buffer
	 * @return the response length
	 */
	public int writeRcode(ParsedQuery query, EdnsReply reply, int rcode, byte[] out) {
		return writeHeaderAndQuestion(query, reply, responseFlags(query, rcode), rcode, out);
	}

	/**
	 * Write a truncated response in place of one that rate limiting holds back: the same
	 * response code, TC set and no records, so a real client retries over TCP.
	 * @param query the query
	 * @param reply what the OPT record carries
	 * @param rcode the response code the full response has
	 * @param out the buffer
	 * @return the response length
	 */
	public int writeTruncated(ParsedQuery query, EdnsReply reply, int rcode, byte[] out) {
		int flags = responseFlags(query, rcode) | DnsHeader.FLAG_TC;
		return (query.nameLength > 0) ? writeHeaderAndQuestion(query, reply, flags, rcode, out)
				: writeHeader(query, flags, 0, 0, 0, 0, out);
	}

	/**
	 * Write a FORMERR or NOTIMP response that carries only the header, for queries whose
	 * question was not parsed.
	 * @param query the query (id and flags read)
	 * @param rcode the response code
	 * @param out the buffer
	 * @return the response length
	 */
	public int writeHeaderOnly(ParsedQuery query, int rcode, byte[] out) {
		return writeHeader(query, responseFlags(query, rcode), 0, 0, 0, 0, out);
	}

	private int writeHeaderAndQuestion(ParsedQuery query, EdnsReply reply, int flags, int rcode, byte[] out) {
		int position = writeHeader(query, flags, 1, 0, 0, optCount(query), out);
		position = copyQuestion(query, out, position);
		return writeOpt(query, reply, out, position, rcode);
	}

	private static int responseFlags(ParsedQuery query, int rcode) {
		// Opcode, RD and CD are echoed (RFC 1035 4.1.1, RFC 4035 3.1.6); RA is never set.
		int echoed = query.flags & (DnsHeader.OPCODE_MASK | DnsHeader.FLAG_RD | DnsHeader.FLAG_CD);
		return DnsHeader.FLAG_QR | echoed | (rcode & 0xF);
	}

	/** The counts are those of the records that follow, the OPT record included if one does. */
	private static int writeHeader(ParsedQuery query, int flags, int qd, int an, int ns, int ar, byte[] out) {
		DnsHeader.putU16(out, 0, query.id);
		DnsHeader.putU16(out, 2, flags);
		DnsHeader.putU16(out, DnsHeader.QDCOUNT, qd);
		DnsHeader.putU16(out, DnsHeader.ANCOUNT, an);
		DnsHeader.putU16(out, DnsHeader.NSCOUNT, ns);
		DnsHeader.putU16(out, DnsHeader.ARCOUNT, ar);
		return DnsHeader.LENGTH;
	}

	private static int copyQuestion(ParsedQuery query, byte[] out, int position) {
		System.arraycopy(query.source, query.questionOffset, out, position, query.questionLength());
		return position + query.questionLength();
	}

	private int writeOpt(ParsedQuery query, EdnsReply reply, byte[] out, int position, int rcode) {
		if (!query.edns) {
			return position;
		}
		out[position] = 0;
		DnsHeader.putU16(out, position + 1, Type.OPT);
		DnsHeader.putU16(out, position + 3, this.udpPayloadSize);
		out[position + 5] = (byte) (rcode >>> EXTENDED_RCODE_SHIFT);
		// We speak EDNS version 0; DO is echoed (RFC 3225 section 3), other flags cleared.
		out[position + 6] = 0;
		out[position + 7] = (byte) (query.dnssecOk ? 0x80 : 0);
		out[position + 8] = 0;
		int options = position + OPT_LENGTH;
		int end = options;
		byte[] nsid = nsidToSend(query, reply);
		if (nsid != null) {
			end = writeOptionHeader(out, end, EDNSOption.Code.NSID, nsid.length);
			System.arraycopy(nsid, 0, out, end, nsid.length);
			end += nsid.length;
		}
		if (sendsCookie(query, reply)) {
			end = writeOptionHeader(out, end, EDNSOption.Code.COOKIE,
					ParsedQuery.CLIENT_COOKIE_LENGTH + EdnsReply.SERVER_COOKIE_LENGTH);
			System.arraycopy(query.cookie, 0, out, end, ParsedQuery.CLIENT_COOKIE_LENGTH);
			end += ParsedQuery.CLIENT_COOKIE_LENGTH;
			System.arraycopy(reply.serverCookie(), 0, out, end, EdnsReply.SERVER_COOKIE_LENGTH);
			end += EdnsReply.SERVER_COOKIE_LENGTH;
		}
		byte[] error = reply.extendedError();
		if (error != null) {
			System.arraycopy(error, 0, out, end, error.length);
			end += error.length;
		}
		DnsHeader.putU16(out, position + 9, end - options);
		return end;
	}

	private static int writeOptionHeader(byte[] out, int position, int code, int length) {
		DnsHeader.putU16(out, position, code);
		DnsHeader.putU16(out, position + 2, length);
		return position + OPTION_HEADER;
	}

	private static byte @Nullable [] nsidToSend(ParsedQuery query, EdnsReply reply) {
		return query.nsidRequested ? reply.nsid() : null;
	}

	private static boolean sendsCookie(ParsedQuery query, EdnsReply reply) {
		return reply.withServerCookie() && query.cookieLength > 0;
	}

	private static int optCount(ParsedQuery query) {
		return query.edns ? 1 : 0;
	}

	private static int optLength(ParsedQuery query, EdnsReply reply) {
		if (!query.edns) {
			return 0;
		}
		byte[] nsid = nsidToSend(query, reply);
		byte[] error = reply.extendedError();
		return OPT_LENGTH + ((nsid != null) ? OPTION_HEADER + nsid.length : 0)
				+ (sendsCookie(query, reply) ? COOKIE_OPTION_LENGTH : 0) + ((error != null) ? error.length : 0);
	}

}
