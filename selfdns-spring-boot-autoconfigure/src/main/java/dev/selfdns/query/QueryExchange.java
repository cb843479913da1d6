package dev.selfdns.query;

import java.net.InetAddress;

import dev.selfdns.protection.ServerCookies;
import dev.selfdns.wire.EdnsReply;
import dev.selfdns.wire.ParsedQuery;
import dev.selfdns.wire.PreparedAnswers;
import org.jspecify.annotations.Nullable;

/**
 * One query on its way through the chain: the parsed query, who sent it, what the chain
 * decided (outcome, delay, whether the client's cookie is valid) and what the response's OPT
 * record carries. Each listener thread owns one and reuses it for every query, so the chain
 * allocates nothing.
 */
public final class QueryExchange {

	final ParsedQuery query = new ParsedQuery();

	final EdnsReply reply = new EdnsReply();

	/** Room for the server cookie's hash input. */
	final byte[] cookieScratch = new byte[ServerCookies.SCRATCH_LENGTH];

	/** The query name's label offsets, for finding a signed zone's NSEC span. */
	final int[] labels = new int[PreparedAnswers.MAX_LABELS];

	@Nullable InetAddress client;

	/** Whether the query carried a server cookie this host made for this client. */
	boolean cookieValid;

	QueryOutcome outcome = QueryOutcome.IGNORED;

	/** The zone that answered, in the served zones' lookup order; -1 for none. */
	int zone = -1;

	long delayNanos;

	int responseLength;

	void reset(@Nullable InetAddress client) {
		this.client = client;
		this.cookieValid = false;
		this.outcome = QueryOutcome.IGNORED;
		this.zone = -1;
		this.delayNanos = 0;
		this.responseLength = 0;
	}

	/**
	 * Which zone the query's name fell in.
	 * @return its index in the served zones' lookup order, -1 for none (outside every zone, or
	 * not a query)
	 */
	public int zone() {
		return this.zone;
	}

	/**
	 * What became of the query.
	 * @return the outcome
	 */
	public QueryOutcome outcome() {
		return this.outcome;
	}

	/**
	 * How long the response waits before it is sent, for {@link ResponseAction#SEND_LATER}.
	 * @return the delay in nanoseconds
	 */
	public long delayNanos() {
		return this.delayNanos;
	}

	/**
	 * The length of the response written into the caller's buffer.
	 * @return the length, 0 when there is none
	 */
	public int responseLength() {
		return this.responseLength;
	}

	/**
	 * The query type asked, as far as the query was read.
	 * @return the type, a dnsjava {@code Type} value; 0 if none was read
	 */
	public int queryType() {
		return this.query.type();
	}

	/**
	 * Record that the transport could not send the response after all (too many waiting).
	 */
	public void dropped() {
		this.outcome = QueryOutcome.DROPPED;
	}

}
