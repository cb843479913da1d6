package dev.selfdns.protection;

import java.net.InetAddress;

import dev.selfdns.net.ResolverNetworks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResponseRateLimiter}, on a clock of its own.
 */
class ResponseRateLimiterTests {

	private static final long SECOND = 1_000_000_000L;

	private final ResponseRateLimiter limiter = new ResponseRateLimiter(new ResolverNetworks(24, 56, 0), 10, 5, 0,
			15 * SECOND, 2);

	private long now = 1000 * SECOND;

	@Test
	void aNetworkGetsOneSecondsWorthAtOnceThenItsRate() throws Exception {
		InetAddress client = InetAddress.getByName("192.0.2.7");
		assertThat(sent(client, ResponseKind.RESPONSE, 20)).isEqualTo(10);
		// A client that keeps under its rate from then on is answered, once its debt is paid.
		this.now += 2 * SECOND;
		assertThat(sent(client, ResponseKind.RESPONSE, 5)).isEqualTo(5);
	}

	@Test
	void everySecondLimitedResponseSlips() throws Exception {
		InetAddress client = InetAddress.getByName("192.0.2.7");
		int[] verdicts = new int[RateLimitDecision.values().length];
		for (int i = 0; i < 30; i++) {
			verdicts[this.limiter.check(client, ResponseKind.RESPONSE, this.now).ordinal()]++;
		}
		assertThat(verdicts[RateLimitDecision.SEND.ordinal()]).isEqualTo(10);
		assertThat(verdicts[RateLimitDecision.SLIP.ordinal()]).isEqualTo(10);
		assertThat(verdicts[RateLimitDecision.DROP.ordinal()]).isEqualTo(10);
	}

	@Test
	void aFlooderStaysLimitedUntilItsAverageOverTheWindowIsUnderTheRate() throws Exception {
		InetAddress client = InetAddress.getByName("192.0.2.7");
		// Five seconds at ten times the rate: the debt reaches its floor of 15 s' worth.
		for (int second = 0; second < 5; second++) {
			sent(client, ResponseKind.RESPONSE, 100);
			this.now += SECOND;
		}
		assertThat(sent(client, ResponseKind.RESPONSE, 1)).isZero();
		this.now += 14 * SECOND;
		assertThat(sent(client, ResponseKind.RESPONSE, 1)).as("still paying").isZero();
		this.now += 2 * SECOND;
		assertThat(sent(client, ResponseKind.RESPONSE, 1)).isEqualTo(1);
	}

	@Test
	void networksAndKindsHaveAccountsOfTheirOwn() throws Exception {
		InetAddress flooder = InetAddress.getByName("192.0.2.7");
		sent(flooder, ResponseKind.RESPONSE, 100);
		assertThat(sent(InetAddress.getByName("192.0.2.200"), ResponseKind.RESPONSE, 1)).as("same /24").isZero();
		assertThat(sent(InetAddress.getByName("192.0.3.7"), ResponseKind.RESPONSE, 10)).isEqualTo(10);
		assertThat(sent(flooder, ResponseKind.NXDOMAIN, 10)).isEqualTo(5);
		assertThat(sent(flooder, ResponseKind.ERROR, 100)).as("0 is no limit").isEqualTo(100);
		assertThat(sent(InetAddress.getByName("2001:db8:0:ff::1"), ResponseKind.RESPONSE, 20)).isEqualTo(10);
		assertThat(sent(InetAddress.getByName("2001:db8:0:ff:1::1"), ResponseKind.RESPONSE, 1)).as("same /56")
			.isZero();
	}

	@Test
	void aSpoofedFloodFromManyNetworksLeavesTheTableWorking() throws Exception {
		byte[] address = { 10, 0, 0, 1 };
		for (int i = 0; i < 100_000; i++) {
			address[1] = (byte) (i >>> 8);
			address[2] = (byte) i;
			this.limiter.check(InetAddress.getByAddress(address), ResponseKind.RESPONSE, this.now);
		}
		// Slots taken over from other networks start a new account: one second's credit, no more.
		assertThat(sent(InetAddress.getByName("192.0.2.7"), ResponseKind.RESPONSE, 20)).isEqualTo(10);
		assertThat(sent(InetAddress.getByName("198.51.100.7"), ResponseKind.RESPONSE, 20)).isEqualTo(10);
	}

	private int sent(InetAddress client, ResponseKind kind, int responses) {
		int sent = 0;
		for (int i = 0; i < responses; i++) {
			if (this.limiter.check(client, kind, this.now) == RateLimitDecision.SEND) {
				sent++;
			}
		}
		return sent;
	}

}
