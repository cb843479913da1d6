package dev.selfdns.query;

import java.net.InetAddress;

import dev.selfdns.gate.GateState;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.WhenClosed;
import dev.selfdns.protection.RateLimitDecision;
import dev.selfdns.protection.ResponseKind;
import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.shaping.ShapingDecision;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.wire.ExtendedError;
import dev.selfdns.wire.ParseResult;
import dev.selfdns.wire.ParsedQuery;
import dev.selfdns.wire.PreparedAnswer;
import dev.selfdns.wire.PreparedAnswers;
import dev.selfdns.wire.QueryParser;
import dev.selfdns.wire.ResponseWriter;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The query chain, one way through: parse, the zone (the most specific one that holds the
 * name), its gate, EDNS version and cookie, the zone's prepared answer, load shaping, rate
 * limiting, then the response written. The probe name ({@code _selfdns.<zone>} TXT) is
 * answered with the host's state even while the gate is closed. Each step decides; only the
 * last writes, so what rate limiting holds back is never written first. The same chain serves
 * UDP and TCP; only UDP is size-limited, shaped, rate limited and held to cookies.
 */
public final class QueryHandler {

	private final QueryParser parser = new QueryParser();

	private final ServedZones zones;

	private final ResponseWriter writer;

	private final @Nullable LoadShaper shaper;

	private final @Nullable ServerCookies cookies;

	private final @Nullable ResponseRateLimiter limiter;

	/**
	 * Create the chain of one zone.
	 * @param answers the live answer table
	 * @param writer the response writer
	 * @param gate the gate that says whether to answer
	 * @param shaper shapes answers from the zone under load; {@code null} for none
	 * @param cookies checks and makes server cookies; {@code null} for none
	 * @param limiter limits UDP responses per client network; {@code null} for no limit
	 */
	public QueryHandler(AnswerTable answers, ResponseWriter writer, ServingGate gate, @Nullable LoadShaper shaper,
			@Nullable ServerCookies cookies, @Nullable ResponseRateLimiter limiter) {
		this(new ServedZones(answers, gate), writer, shaper, cookies, limiter);
	}

	/**
	 * Create the chain.
	 * @param zones the zones, each with its answer table and gate
	 * @param writer the response writer
	 * @param shaper shapes answers from the zones under load; {@code null} for none
	 * @param cookies checks and makes server cookies; {@code null} for none
	 * @param limiter limits UDP responses per client network; {@code null} for no limit
	 */
	public QueryHandler(ServedZones zones, ResponseWriter writer, @Nullable LoadShaper shaper,
			@Nullable ServerCookies cookies, @Nullable ResponseRateLimiter limiter) {
		this.zones = zones;
		this.writer = writer;
		this.shaper = shaper;
		this.cookies = cookies;
		this.limiter = limiter;
	}

	/**
	 * Handle one query.
	 * @param in the query bytes, from offset 0
	 * @param length the query length
	 * @param exchange this thread's exchange, which receives the query and what became of it
	 * @param out receives the response (at least {@value ResponseWriter#MAX_MESSAGE} bytes); its
	 * length is {@link QueryExchange#responseLength()}
	 * @param transport the transport the query came by
	 * @param client the client's address, {@code null} if unknown
	 * @return what the transport does with the response
	 */
	public ResponseAction handle(byte[] in, int length, QueryExchange exchange, byte[] out, DnsTransport transport,
			@Nullable InetAddress client) {
		exchange.reset(client);
		ParsedQuery query = exchange.query;
		boolean udp = transport == DnsTransport.UDP;
		exchange.reply.reset(this.zones.primary().current().nsid());
		ParseResult result = this.parser.parse(in, length, query);
		return switch (result) {
			case IGNORE -> nothing(exchange, QueryOutcome.IGNORED);
			case MALFORMED -> headerOnly(exchange, QueryOutcome.FORMERR, Rcode.FORMERR, out, udp);
			// RFC 2136 servers not authoritative for dynamic updates answer REFUSED; other opcodes NOTIMP.
			case OTHER_OPCODE -> query.isUpdate() ? headerOnly(exchange, QueryOutcome.REFUSED, Rcode.REFUSED, out, udp)
					: headerOnly(exchange, QueryOutcome.NOTIMP, Rcode.NOTIMP, out, udp);
			default -> query(exchange, out, udp);
		};
	}

	private ResponseAction query(QueryExchange exchange, byte[] out, boolean udp) {
		ParsedQuery query = exchange.query;
		// The most specific zone that holds the name, and one snapshot of it for the whole query:
		// a zone swapped meanwhile is seen by the next query.
		ServedZones zones = this.zones;
		PreparedAnswers snapshot = null;
		int node = PreparedAnswers.OUTSIDE;
		int zone = -1;
		for (int i = 0; i < zones.count(); i++) {
			PreparedAnswers candidate = zones.answers(i).current();
			int found = candidate.node(query);
			if (found == PreparedAnswers.OUTSIDE) {
				continue;
			}
			// RFC 4035 section 3.1.4.1: DS at a zone's apex is its parent's, where this host serves that too.
			boolean askParent = snapshot == null && query.type() == Type.DS && candidate.isApex(found);
			snapshot = candidate;
			node = found;
			zone = i;
			if (!askParent) {
				break;
			}
		}
		exchange.zone = zone;
		ServingGate gate = zones.gate(zone);
		GateState gateState = gate.state();
		if (!gateState.open()) {
			// A closed host still tells its peers why (fleet probes); to everything else it is closed.
			if (query.dclass() == DClass.IN && snapshot != null && snapshot.isProbe(node)) {
				zones.callers(zone).heard(exchange.client);
				return answer(exchange, snapshot.probe(gateState.reason().hostState(), query), out, udp);
			}
			WhenClosed whenClosed = gate.whenClosed();
			if (whenClosed == WhenClosed.DROP) {
				return nothing(exchange, QueryOutcome.CLOSED);
			}
			int rcode = (whenClosed == WhenClosed.REFUSED) ? Rcode.REFUSED : Rcode.SERVFAIL;
			// The cookie is checked after the gate for answers; a closed host checks it for this alone.
			if (query.cookieLength() > 0 && this.cookies != null && exchange.client != null && udp) {
				exchange.cookieValid = this.cookies.valid(query.cookie(), 0, query.cookieLength(), exchange.client,
						exchange.cookieScratch);
			}
			explainSteering(exchange, Refusals.closed(gateState.reason()), udp);
			return rcode(exchange, QueryOutcome.CLOSED, rcode, out, udp);
		}
		if (query.edns() && query.ednsVersion() > 0) {
			return rcode(exchange, QueryOutcome.FORMERR, Rcode.BADVERS, out, udp);
		}
		if (query.cookieLength() > 0 && this.cookies != null && exchange.client != null) {
			exchange.cookieValid = this.cookies.valid(query.cookie(), 0, query.cookieLength(), exchange.client,
					exchange.cookieScratch);
			// RFC 7873 section 5.2.3: over UDP, BADCOOKIE and a fresh cookie to retry with.
			if (!exchange.cookieValid && udp && this.cookies.required()) {
				return rcode(exchange, QueryOutcome.BADCOOKIE, Rcode.BADCOOKIE, out, udp);
			}
		}
		if (query.type() == Type.AXFR || query.type() == Type.IXFR) {
			exchange.reply.extendedError(Refusals.NO_TRANSFER);
			return rcode(exchange, QueryOutcome.REFUSED, Rcode.REFUSED, out, udp);
		}
		if (query.dclass() != DClass.IN || snapshot == null) {
			exchange.reply.extendedError(Refusals.NOT_AUTHORITATIVE);
			return rcode(exchange, QueryOutcome.REFUSED, Rcode.REFUSED, out, udp);
		}
		if (snapshot.isProbe(node)) {
			// A probe asks this host's state; it steers no resolver, so it is never shaped.
			// A host failing open answers, but tells its peers it is closed by health.
			zones.callers(zone).heard(exchange.client);
			return answer(exchange, snapshot.probe(gateState.reason().hostState(), query), out, udp);
		}
		PreparedAnswer answer = snapshot.answer(node, query, exchange.labels);
		// Only answers from the zone are shaped: they are what steers resolvers.
		ShapingDecision shaping = (this.shaper != null && udp) ? this.shaper.decide(exchange.client)
				: ShapingDecision.NOW;
		return switch (shaping) {
			case DROP -> nothing(exchange, QueryOutcome.DROPPED);
			case REFUSE -> shed(exchange, out, udp);
			case DELAY -> later(exchange, answer, out, udp, this.shaper.delayNanos());
			case NOW -> answer(exchange, answer, out, udp);
		};
	}

	private ResponseAction shed(QueryExchange exchange, byte[] out, boolean udp) {
		explainSteering(exchange, Refusals.SHED, udp);
		return rcode(exchange, QueryOutcome.SHED, Rcode.REFUSED, out, udp);
	}

	/**
	 * A steering refusal is never limited, so over UDP its explanation is: at most the errors
	 * rate per network carry one, the rest go out the size of the query (docs/security.md).
	 */
	private void explainSteering(QueryExchange exchange, ExtendedError error, boolean udp) {
		if (!exchange.query.edns()) {
			return;
		}
		if (udp && this.limiter != null && exchange.client != null && !exchange.cookieValid
				&& !this.limiter.mayExplain(exchange.client, System.nanoTime())) {
			return;
		}
		exchange.reply.extendedError(error);
	}

	private ResponseAction later(QueryExchange exchange, PreparedAnswer answer, byte[] out, boolean udp,
			long delayNanos) {
		ResponseAction action = answer(exchange, answer, out, udp);
		// A slipped response goes at once: it is the limiter's, not the zone's.
		if (action != ResponseAction.SEND || exchange.outcome == QueryOutcome.SLIPPED || delayNanos <= 0) {
			return action;
		}
		exchange.delayNanos = delayNanos;
		return ResponseAction.SEND_LATER;
	}

	private ResponseAction answer(QueryExchange exchange, PreparedAnswer answer, byte[] out, boolean udp) {
		QueryOutcome outcome = outcomeOf(answer);
		if (limited(exchange, outcome, answer.rcode(), out, udp)) {
			return limitedAction(exchange);
		}
		serverCookie(exchange);
		int limit = udp ? this.writer.udpLimit(exchange.query) : ResponseWriter.MAX_MESSAGE;
		exchange.outcome = outcome;
		exchange.responseLength = this.writer.writeAnswer(exchange.query, exchange.reply, answer, out, limit);
		return ResponseAction.SEND;
	}

	private ResponseAction rcode(QueryExchange exchange, QueryOutcome outcome, int rcode, byte[] out, boolean udp) {
		if (limited(exchange, outcome, rcode, out, udp)) {
			return limitedAction(exchange);
		}
		serverCookie(exchange);
		exchange.outcome = outcome;
		exchange.responseLength = this.writer.writeRcode(exchange.query, exchange.reply, rcode, out);
		return ResponseAction.SEND;
	}

	private ResponseAction headerOnly(QueryExchange exchange, QueryOutcome outcome, int rcode, byte[] out,
			boolean udp) {
		if (limited(exchange, outcome, rcode, out, udp)) {
			return limitedAction(exchange);
		}
		exchange.outcome = outcome;
		exchange.responseLength = this.writer.writeHeaderOnly(exchange.query, rcode, out);
		return ResponseAction.SEND;
	}

	private static ResponseAction nothing(QueryExchange exchange, QueryOutcome outcome) {
		exchange.outcome = outcome;
		return ResponseAction.NONE;
	}

	private static ResponseAction limitedAction(QueryExchange exchange) {
		return (exchange.outcome == QueryOutcome.RATE_LIMITED) ? ResponseAction.NONE : ResponseAction.SEND;
	}

	/**
	 * Rate limiting decides before anything is written. A limited response is dropped, or
	 * written truncated (slipped) so that a real client retries over TCP.
	 * @return {@code true} if the limiter took the response (its outcome is set)
	 */
	private boolean limited(QueryExchange exchange, QueryOutcome outcome, int rcode, byte[] out, boolean udp) {
		// A client with a valid server cookie has shown it is not a spoofed source; TCP proves it too.
		if (!udp || this.limiter == null || exchange.client == null || exchange.cookieValid) {
			return false;
		}
		RateLimitDecision decision = this.limiter.check(exchange.client, kindOf(outcome), System.nanoTime());
		if (decision == RateLimitDecision.SEND) {
			return false;
		}
		if (decision == RateLimitDecision.DROP) {
			exchange.outcome = QueryOutcome.RATE_LIMITED;
			return true;
		}
		serverCookie(exchange);
		exchange.outcome = QueryOutcome.SLIPPED;
		exchange.responseLength = this.writer.writeTruncated(exchange.query, exchange.reply, rcode, out);
		return true;
	}

	/** A server cookie is bound to the client's address; without one there is none to give. */
	private void serverCookie(QueryExchange exchange) {
		ParsedQuery query = exchange.query;
		if (this.cookies != null && query.cookieLength() > 0 && exchange.client != null) {
			this.cookies.write(query.cookie(), 0, exchange.client, exchange.reply.serverCookie(), 0,
					exchange.cookieScratch);
			exchange.reply.serverCookieWritten();
		}
	}

	private static ResponseKind kindOf(QueryOutcome outcome) {
		return switch (outcome) {
			case ANSWERED, NODATA -> ResponseKind.RESPONSE;
			case NXDOMAIN -> ResponseKind.NXDOMAIN;
			case CLOSED, SHED -> ResponseKind.STEERING;
			default -> ResponseKind.ERROR;
		};
	}

	private static QueryOutcome outcomeOf(PreparedAnswer answer) {
		if (answer.rcode() == Rcode.NXDOMAIN) {
			return QueryOutcome.NXDOMAIN;
		}
		return (answer.answerCount() == 0) ? QueryOutcome.NODATA : QueryOutcome.ANSWERED;
	}

}
