package dev.selfdns.query;

import java.util.concurrent.atomic.LongAdder;


/**
 * Counts queries by transport, type and outcome, the delay added to delayed answers, and the
 * TCP connections the server closed, by why. One {@link LongAdder} per combination, made up
 * front: counting takes no lock and allocates nothing.
 */
public final class QueryCounters {

	private static final DnsTransport[] TRANSPORTS = DnsTransport.values();

	private static final QueryType[] TYPES = QueryType.values();

	private static final QueryOutcome[] OUTCOMES = QueryOutcome.values();

	private final LongAdder[] counts = new LongAdder[TRANSPORTS.length * TYPES.length * OUTCOMES.length];

	/** With several zones, [zone][outcome], the last zone slot for queries in none. */
	private final LongAdder[] byZone;

	private final int zones;

	private final LongAdder delayed = new LongAdder();

	private final LongAdder delayNanos = new LongAdder();

	private final LongAdder[] tcpClosed = new LongAdder[TcpClose.values().length];

	/** Counters for one zone. */
	public QueryCounters() {
		this(1);
	}

	/**
	 * Counters for a number of zones: with several, queries are also counted by zone and
	 * outcome.
	 * @param zones how many zones are served
	 */
	public QueryCounters(int zones) {
		this.zones = zones;
		this.byZone = new LongAdder[(zones > 1) ? (zones + 1) * OUTCOMES.length : 0];
		for (int i = 0; i < this.byZone.length; i++) {
			this.byZone[i] = new LongAdder();
		}
		for (int i = 0; i < this.counts.length; i++) {
			this.counts[i] = new LongAdder();
		}
		for (int i = 0; i < this.tcpClosed.length; i++) {
			this.tcpClosed[i] = new LongAdder();
		}
	}

	/**
	 * Count a TCP connection the server closed or refused.
	 * @param reason why
	 */
	public void tcpClosed(TcpClose reason) {
		this.tcpClosed[reason.ordinal()].increment();
	}

	/**
	 * TCP connections the server closed or refused for one reason.
	 * @param reason why
	 * @return the count
	 */
	public long tcpClosedCount(TcpClose reason) {
		return this.tcpClosed[reason.ordinal()].sum();
	}

	/**
	 * Count one query.
	 * @param transport how it came
	 * @param type its type, a dnsjava {@code Type} value
	 * @param outcome what became of it
	 */
	public void count(DnsTransport transport, int type, QueryOutcome outcome) {
		count(transport, type, outcome, -1);
	}

	/**
	 * Count one query.
	 * @param transport how it came
	 * @param type its type, a dnsjava {@code Type} value
	 * @param outcome what became of it
	 * @param zone the zone it fell in, in the served zones' lookup order; -1 for none
	 */
	public void count(DnsTransport transport, int type, QueryOutcome outcome, int zone) {
		this.counts[index(transport, QueryType.of(type), outcome)].increment();
		if (this.byZone.length > 0) {
			int slot = (zone >= 0 && zone < this.zones) ? zone : this.zones;
			this.byZone[slot * OUTCOMES.length + outcome.ordinal()].increment();
		}
	}

	/**
	 * Queries counted in a zone with an outcome, where several zones are served.
	 * @param zone the zone in lookup order, or -1 for queries in none
	 * @param outcome the outcome
	 * @return the count; 0 with one zone
	 */
	public long zone(int zone, QueryOutcome outcome) {
		if (this.byZone.length == 0) {
			return 0;
		}
		int slot = (zone >= 0 && zone < this.zones) ? zone : this.zones;
		return this.byZone[slot * OUTCOMES.length + outcome.ordinal()].sum();
	}

	/**
	 * Count an answer sent late by load shaping.
	 * @param nanos the delay
	 */
	public void delayed(long nanos) {
		this.delayed.increment();
		this.delayNanos.add(nanos);
	}

	/**
	 * Queries counted for one combination.
	 * @param transport the transport
	 * @param type the type
	 * @param outcome the outcome
	 * @return the count
	 */
	public long get(DnsTransport transport, QueryType type, QueryOutcome outcome) {
		return this.counts[index(transport, type, outcome)].sum();
	}

	/**
	 * Queries counted with an outcome, over all types.
	 * @param transport the transport, or {@code null} for both
	 * @param outcome the outcome, or {@code null} for all
	 * @return the count
	 */
	public long total(DnsTransport transport, QueryOutcome outcome) {
		long total = 0;
		for (DnsTransport t : TRANSPORTS) {
			for (QueryType type : TYPES) {
				for (QueryOutcome o : OUTCOMES) {
					if ((transport == null || t == transport) && (outcome == null || o == outcome)) {
						total += get(t, type, o);
					}
				}
			}
		}
		return total;
	}

	public long delayedAnswers() {
		return this.delayed.sum();
	}

	public long totalDelayNanos() {
		return this.delayNanos.sum();
	}

	private static int index(DnsTransport transport, QueryType type, QueryOutcome outcome) {
		return (transport.ordinal() * TYPES.length + type.ordinal()) * OUTCOMES.length + outcome.ordinal();
	}

}
