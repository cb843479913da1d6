package dev.selfdns.protection;

import java.net.InetAddress;

import dev.selfdns.shaping.ResolverNetworks;

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
 * Accounts live in a fixed table (a spoofed flood cannot grow it); when the slots a network
 * may use are taken, the least recently used is given up. One lock guards the table, held for
 * one table lookup per limited UDP response.
 */
public final class ResponseRateLimiter {

	/** Send the response. */
	public static final int SEND = 0;

	/** Send nothing. */
	public static final int DROP = 1;

	/** Send the response truncated (TC set, no records). */
	public static final int SLIP = 2;

	private static final int TABLE_SIZE = 1 << 14;

	private static final int PROBES = 8;

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final ResolverNetworks networks;

	private final double[] rates;

	private final long windowNanos;

	private final int slip;

	private final boolean[] used = new boolean[TABLE_SIZE];

	private final long[] keys = new long[TABLE_SIZE];

	private final long[] lastUsed = new long[TABLE_SIZE];

	private final double[] balances = new double[TABLE_SIZE];

	private final int[] limitedCounts = new int[TABLE_SIZE];

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
		this.rates = new double[] { responsesPerSecond, nxdomainsPerSecond, errorsPerSecond };
		this.windowNanos = windowNanos;
		this.slip = slip;
	}

	/**
	 * Decide what a response may do.
	 * @param client the client's address
	 * @param kind what the response is
	 * @param now the time, from {@link System#nanoTime()}
	 * @return {@link #SEND}, {@link #DROP} or {@link #SLIP}
	 */
	public int check(InetAddress client, ResponseKind kind, long now) {
		if (kind == ResponseKind.STEERING) {
			return SEND;
		}
		double rate = this.rates[kind.ordinal()];
		if (rate == 0) {
			return SEND;
		}
		long key = (this.networks.network(client) << 2) | kind.ordinal();
		return account(key, rate, now);
	}

	private synchronized int account(long key, double rate, long now) {
		int slot = slotFor(key, now);
		double balance;
		if (!this.used[slot]) {
			this.used[slot] = true;
			this.keys[slot] = key;
			this.limitedCounts[slot] = 0;
			balance = rate;
		}
		else {
			double earned = rate * (now - this.lastUsed[slot]) / NANOS_PER_SECOND;
			balance = Math.min(rate, this.balances[slot] + earned);
		}
		this.lastUsed[slot] = now;
		balance = Math.max(balance - 1, -rate * this.windowNanos / NANOS_PER_SECOND);
		this.balances[slot] = balance;
		if (balance >= 0) {
			return SEND;
		}
		int limited = ++this.limitedCounts[slot];
		return (this.slip > 0 && limited % this.slip == 0) ? SLIP : DROP;
	}

	/** The slot holding the key, else a free or forgotten one, else the least recently used. */
	private int slotFor(long key, long now) {
		int start = (int) mix(key) & (TABLE_SIZE - 1);
		for (int i = 0; i < PROBES; i++) {
			int slot = (start + i) & (TABLE_SIZE - 1);
			if (this.used[slot] && this.keys[slot] == key) {
				return slot;
			}
		}
		int chosen = start;
		for (int i = 0; i < PROBES; i++) {
			int slot = (start + i) & (TABLE_SIZE - 1);
			if (!this.used[slot] || now - this.lastUsed[slot] > this.windowNanos) {
				chosen = slot;
				break;
			}
			if (this.lastUsed[slot] - this.lastUsed[chosen] < 0) {
				chosen = slot;
			}
		}
		// Whatever was there is forgotten: account() starts a new account.
		this.used[chosen] = false;
		return chosen;
	}

	private static long mix(long value) {
		long z = value * 0x9E3779B97F4A7C15L;
		return z ^ (z >>> 29);
	}

}
