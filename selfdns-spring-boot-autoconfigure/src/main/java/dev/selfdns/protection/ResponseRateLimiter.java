package dev.selfdns.protection;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.selfdns.net.ResolverNetworks;

/**
 * Response rate limiting as BIND defines it: each client network has an account per kind of
 * response that earns its rate in credits each second, holds at most one second's worth, and
 * pays one credit per response it would get. While the account is negative its responses are
 * limited: dropped, except every {@code slip}-th, which goes out truncated so that a real
 * resolver retries over TCP (never limited). An account can fall to minus {@code window}
 * seconds' worth, so a network that floods stays limited until its average over the window is
 * back under the rate. Only UDP is limited: TCP proves the client's address. The answers that
 * steer resolvers away ({@link ResponseKind#STEERING}) are never limited.
 * <p>
 * An account is one number: the time its balance would be full again (the "theoretical arrival
 * time" of the generic cell rate algorithm). A response moves it on by one interval (a second over the
 * rate); the response is limited when it lies more than a second ahead, and it never lies more
 * than a second plus the window ahead. An account whose time has passed is full, so it is as
 * good as new and its slot is free. Accounts live in a fixed table (a spoofed flood cannot grow
 * it); when the slots a network may use are all in debt, the one nearest to full is given up.
 * The table is read and written with compare-and-set, without a lock: two networks that race
 * for one free slot may share an account for a moment, a limit that is approximate as BIND's is.
 */
public final class ResponseRateLimiter {

	private static final int TABLE_SIZE = 1 << 14;

	private static final int PROBES = 8;

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	/** The key of a slot never used; a network whose key is 0 is counted as 1. */
	private static final long EMPTY = 0;

	private final ResolverNetworks networks;

	private final int[] rates;

	/** Nanoseconds each response moves its account on, per kind; 0 for no limit. */
	private final long[] intervals;

	private final long windowNanos;

	private final long ceilingNanos;

	private final int slip;

	private final AtomicLongArray keys = new AtomicLongArray(TABLE_SIZE);

	private final AtomicLongArray fullAt = new AtomicLongArray(TABLE_SIZE);

	private final AtomicIntegerArray limitedCounts = new AtomicIntegerArray(TABLE_SIZE);

	/**
	 * Create a limiter.
	 * @param networks how clients are grouped into networks
	 * @param responsesPerSecond the rate of answers and NODATA per network, 0 for no limit
	 * @param nxdomainsPerSecond the rate of NXDOMAIN per network, 0 for no limit
	 * @param errorsPerSecond the rate of errors (REFUSED, FORMERR, ...) per network, 0 for no limit
	 * @param windowNanos how long excess is remembered
	 * @param slip every how many limited responses one goes out truncated, 0 for never
	 */
	public ResponseRateLimiter(ResolverNetworks networks, int responsesPerSecond, int nxdomainsPerSecond,
			int errorsPerSecond, long windowNanos, int slip) {
		this.networks = networks;
		this.rates = new int[] { responsesPerSecond, nxdomainsPerSecond, errorsPerSecond };
		this.intervals = new long[this.rates.length];
		for (int i = 0; i < this.rates.length; i++) {
			this.intervals[i] = (this.rates[i] > 0) ? Math.max(1, NANOS_PER_SECOND / this.rates[i]) : 0;
		}
		this.windowNanos = windowNanos;
		this.ceilingNanos = NANOS_PER_SECOND + windowNanos;
		this.slip = slip;
	}

	/**
	 * Decide what a response may do.
	 * @param client the client's address
	 * @param kind what the response is
	 * @param now the time, from {@link System#nanoTime()}
	 * @return whether to send it, drop it or send it truncated
	 */
	public RateLimitDecision check(InetAddress client, ResponseKind kind, long now) {
		if (kind == ResponseKind.STEERING) {
			return RateLimitDecision.SEND;
		}
		long interval = this.intervals[kind.ordinal()];
		if (interval == 0) {
			return RateLimitDecision.SEND;
		}
		int slot = charge(client, kind, interval, now);
		if (slot < 0) {
			return RateLimitDecision.SEND;
		}
		int limited = this.limitedCounts.incrementAndGet(slot);
		return (this.slip > 0 && limited % this.slip == 0) ? RateLimitDecision.SLIP : RateLimitDecision.DROP;
	}

	/**
	 * Whether a steering refusal to this client may say why (an Extended DNS Error, RFC 8914):
	 * the refusal itself is never limited, but its explanation makes it larger than the query,
	 * so explanations are counted at the errors rate, on an account of their own. Past it, the
	 * refusal goes out bare, the size of the query.
	 * @param client the client's address
	 * @param now the time, from {@link System#nanoTime()}
	 * @return {@code true} to add the explanation
	 */
	public boolean mayExplain(InetAddress client, long now) {
		long interval = this.intervals[ResponseKind.ERROR.ordinal()];
		return interval == 0 || charge(client, ResponseKind.STEERING, interval, now) < 0;
	}

	/**
	 * Charge one response to its network's account of that kind.
	 * @return -1 if the account had the credit, else its slot
	 */
	private int charge(InetAddress client, ResponseKind kind, long interval, long now) {
		long key = (this.networks.network(client) << 2) | kind.ordinal();
		int slot = slotFor((key != EMPTY) ? key : 1, now);
		long previous;
		long next;
		do {
			previous = this.fullAt.get(slot);
			next = ((previous - now > 0) ? previous : now) + interval;
			if (next - now > this.ceilingNanos) {
				next = now + this.ceilingNanos;
			}
		}
		while (!this.fullAt.compareAndSet(slot, previous, next));
		return (next - now <= NANOS_PER_SECOND) ? -1 : slot;
	}

	/** The slot holding the key, else a free one, else the one nearest to full, taken over. */
	private int slotFor(long key, long now) {
		int start = (int) mix(key) & (TABLE_SIZE - 1);
		for (int i = 0; i < PROBES; i++) {
			int slot = (start + i) & (TABLE_SIZE - 1);
			if (this.keys.get(slot) == key) {
				return slot;
			}
		}
		int chosen = start;
		long chosenFullAt = Long.MAX_VALUE;
		for (int i = 0; i < PROBES; i++) {
			int slot = (start + i) & (TABLE_SIZE - 1);
			long full = this.fullAt.get(slot);
			if (this.keys.get(slot) == EMPTY || full - now <= 0) {
				chosen = slot;
				break;
			}
			if (i == 0 || full - chosenFullAt < 0) {
				chosen = slot;
				chosenFullAt = full;
			}
		}
		long previousKey = this.keys.get(chosen);
		if (this.keys.compareAndSet(chosen, previousKey, key)) {
			// A new account: full now, nothing limited yet.
			this.fullAt.set(chosen, now);
			this.limitedCounts.set(chosen, 0);
		}
		return chosen;
	}

	/**
	 * The limits, per second, of answers and NODATA, of NXDOMAIN and of errors; 0 for none.
	 * @return the three rates, in that order
	 */
	public int[] rates() {
		return this.rates.clone();
	}

	/**
	 * How long excess is remembered.
	 * @return the window in nanoseconds
	 */
	public long windowNanos() {
		return this.windowNanos;
	}

	/**
	 * Every how many limited responses one goes out truncated.
	 * @return the slip, 0 for never
	 */
	public int slip() {
		return this.slip;
	}

	private static long mix(long value) {
		long z = value * 0x9E3779B97F4A7C15L;
		return z ^ (z >>> 29);
	}

}
