package dev.selfdns.wire;

import java.net.InetAddress;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.WhenClosed;
import dev.selfdns.protection.ResponseKind;
import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.shaping.LoadShaper;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Turns the bytes of one query into the bytes of its response (or none), given whether the
 * gate is open. The same code serves UDP and TCP; only the size limit differs.
 */
public final class QueryResponder {

	/** Returned when nothing is to be sent. */
	public static final int NO_RESPONSE = -1;

	private final QueryParser parser = new QueryParser();

	private final PreparedAnswers answers;

	private final ResponseWriter writer;

	private final ServingGate gate;

	private final @Nullable LoadShaper shaper;

	private final @Nullable ServerCookies cookies;

	private final @Nullable ResponseRateLimiter limiter;

	/**
	 * Create a responder without cookies or rate limiting.
	 * @param answers the zone's prepared answers
	 * @param writer the response writer
	 * @param gate the gate that says whether to answer
	 * @param shaper shapes answers to the zone under load; {@code null} for none
	 */
	public QueryResponder(PreparedAnswers answers, ResponseWriter writer, ServingGate gate,
			@Nullable LoadShaper shaper) {
		this(answers, writer, gate, shaper, null, null);
	}

	/**
	 * Create a responder.
	 * @param answers the zone's prepared answers
	 * @param writer the response writer
	 * @param gate the gate that says whether to answer
	 * @param shaper shapes answers to the zone under load; {@code null} for none
	 * @param cookies checks server cookies (the writer makes them); {@code null} for none
	 * @param limiter limits UDP responses per client network; {@code null} for no limit
	 */
	public QueryResponder(PreparedAnswers answers, ResponseWriter writer, ServingGate gate,
			@Nullable LoadShaper shaper, @Nullable ServerCookies cookies, @Nullable ResponseRateLimiter limiter) {
		this.answers = answers;
		this.writer = writer;
		this.gate = gate;
		this.shaper = shaper;
		this.cookies = cookies;
		this.limiter = limiter;
	}

	/**
	 * Answer one query.
	 * @param in the query bytes, from offset 0
	 * @param length the query length
	 * @param query per-thread scratch that receives the parsed query
	 * @param out receives the response (at least {@value ResponseWriter#MAX_MESSAGE} bytes)
	 * @param udp whether the answer goes over UDP (size-limited, shaped, cookies required)
	 * @param client the client's address (for load shaping and cookies), {@code null} if unknown
	 * @return the response length or {@link #NO_RESPONSE}; a delay to wait before sending is in
	 * {@link ParsedQuery#delayNanos()}
	 */
	public int respond(byte[] in, int length, ParsedQuery query, byte[] out, boolean udp,
			@Nullable InetAddress client) {
		int responseLength = respondUnlimited(in, length, query, out, udp, client);
		if (responseLength > 0 && udp && client != null && this.limiter != null && !query.cookieValid) {
			// A client with a valid server cookie has shown it is not a spoofed source.
			int verdict = this.limiter.check(client, kindOf(query.outcome), System.nanoTime());
			if (verdict == ResponseRateLimiter.DROP) {
				query.delayNanos = 0;
				return outcome(query, QueryOutcome.RATE_LIMITED, NO_RESPONSE);
			}
			if (verdict == ResponseRateLimiter.SLIP) {
				query.delayNanos = 0;
				return outcome(query, QueryOutcome.SLIPPED, this.writer.writeTruncated(query, out));
			}
		}
		return responseLength;
	}

	private static ResponseKind kindOf(QueryOutcome outcome) {
		return switch (outcome) {
			case ANSWERED, NODATA -> ResponseKind.RESPONSE;
			case NXDOMAIN -> ResponseKind.NXDOMAIN;
			case CLOSED, SHED -> ResponseKind.STEERING;
			default -> ResponseKind.ERROR;
		};
	}

	private int respondUnlimited(byte[] in, int length, ParsedQuery query, byte[] out, boolean udp,
			@Nullable InetAddress client) {
		ParseResult result = this.parser.parse(in, length, query);
		query.client = client;
		switch (result) {
			case IGNORE:
				return outcome(query, QueryOutcome.IGNORED, NO_RESPONSE);
			case MALFORMED:
				return outcome(query, QueryOutcome.FORMERR, this.writer.writeHeaderOnly(query, Rcode.FORMERR, out));
			case OTHER_OPCODE:
				// RFC 2136 servers not authoritative for dynamic updates answer REFUSED; other opcodes NOTIMP.
				return (QueryParser.opcode(query) == DnsHeader.OPCODE_UPDATE)
						? outcome(query, QueryOutcome.REFUSED, this.writer.writeHeaderOnly(query, Rcode.REFUSED, out))
						: outcome(query, QueryOutcome.NOTIMP, this.writer.writeHeaderOnly(query, Rcode.NOTIMP, out));
			default:
				return answer(query, out, udp, client);
		}
	}

	private int answer(ParsedQuery query, byte[] out, boolean udp, @Nullable InetAddress client) {
		if (!this.gate.isOpen()) {
			WhenClosed whenClosed = this.gate.whenClosed();
			if (whenClosed == WhenClosed.DROP) {
				return outcome(query, QueryOutcome.CLOSED, NO_RESPONSE);
			}
			int rcode = (whenClosed == WhenClosed.REFUSED) ? Rcode.REFUSED : Rcode.SERVFAIL;
			return outcome(query, QueryOutcome.CLOSED, this.writer.writeRcode(query, rcode, out));
		}
		if (query.edns && query.ednsVersion > 0) {
			return outcome(query, QueryOutcome.FORMERR, this.writer.writeRcode(query, Rcode.BADVERS, out));
		}
		if (query.cookieLength > 0 && this.cookies != null && client != null) {
			query.cookieValid = this.cookies.valid(query.cookie, 0, query.cookieLength, client,
					query.cookieScratch);
			// RFC 7873 section 5.2.3: over UDP, BADCOOKIE and a fresh cookie to retry with.
			if (!query.cookieValid && udp && this.cookies.required()) {
				return outcome(query, QueryOutcome.BADCOOKIE, this.writer.writeRcode(query, Rcode.BADCOOKIE, out));
			}
		}
		if (query.dclass != DClass.IN || query.type == Type.AXFR || query.type == Type.IXFR) {
			return outcome(query, QueryOutcome.REFUSED, this.writer.writeRcode(query, Rcode.REFUSED, out));
		}
		int node = this.answers.node(query);
		if (node == PreparedAnswers.OUTSIDE) {
			return outcome(query, QueryOutcome.REFUSED, this.writer.writeRcode(query, Rcode.REFUSED, out));
		}
		// Only answers from the zone are shaped: they are what steers resolvers.
		long shaping = (this.shaper != null && udp) ? this.shaper.decide(client) : LoadShaper.NOW;
		if (shaping == LoadShaper.DROP) {
			return outcome(query, QueryOutcome.DROPPED, NO_RESPONSE);
		}
		if (shaping == LoadShaper.REFUSE) {
			return outcome(query, QueryOutcome.SHED, this.writer.writeRcode(query, Rcode.REFUSED, out));
		}
		query.delayNanos = shaping;
		PreparedAnswer answer = this.answers.answer(node, query.type);
		int limit = udp ? this.writer.udpLimit(query) : ResponseWriter.MAX_MESSAGE;
		return outcome(query, outcomeOf(answer), this.writer.writeAnswer(query, answer, out, limit));
	}

	private static QueryOutcome outcomeOf(PreparedAnswer answer) {
		if (answer.rcode() == Rcode.NXDOMAIN) {
			return QueryOutcome.NXDOMAIN;
		}
		return (answer.answerCount() == 0) ? QueryOutcome.NODATA : QueryOutcome.ANSWERED;
	}

	private static int outcome(ParsedQuery query, QueryOutcome outcome, int length) {
		query.outcome = outcome;
		return length;
	}

}
