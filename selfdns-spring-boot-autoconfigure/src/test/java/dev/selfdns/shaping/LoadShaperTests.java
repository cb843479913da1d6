package dev.selfdns.shaping;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.selfdns.net.ResolverNetworks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link LoadShaper} and {@link ResolverNetworks}: what each mode decides, and how
 * shedding spreads over resolver networks.
 */
class LoadShaperTests {

	private static final ResolverNetworks NETWORKS = new ResolverNetworks(24, 56, 42);

	private static final Duration MAX_DELAY = Duration.ofMillis(250);

	@Test
	void idleHostShapesNothing() throws Exception {
		LoadShaper shaper = shaper(ShapingMode.SHARE, ShedAction.DROP, 0);
		shaper.update(0, List.of());
		for (InetAddress client : networks(1000, new Random(1))) {
			assertThat(shaper.decide(client)).isEqualTo(ShapingDecision.NOW);
		}
	}

	@Test
	void rampDelaysEveryAnswerByScoreTimesMaxDelay() throws Exception {
		LoadShaper shaper = shaper(ShapingMode.RAMP, ShedAction.DELAY, 0);
		shaper.update(0.4, List.of());
		assertThat(shaper.decide(InetAddress.getByName("192.0.2.1"))).isEqualTo(ShapingDecision.DELAY);
		assertThat(shaper.delayNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
		shaper.update(1.7, List.of());
		assertThat(shaper.state().score()).isEqualTo(1);
		assertThat(shaper.state().overload()).isCloseTo(0.7, within(1e-9));
		assertThat(shaper.decide(InetAddress.getByName("198.51.100.1"))).isEqualTo(ShapingDecision.DELAY);
		assertThat(shaper.delayNanos()).isEqualTo(MAX_DELAY.toNanos());
	}

	@Test
	void rampDropsPastSaturationInProportionWithASeededRandom() throws Exception {
		Random random = new Random(20261125L);
		LoadShaper shaper = new LoadShaper(ShapingMode.RAMP, ShedAction.DELAY, MAX_DELAY, 0.3, NETWORKS,
				random::nextDouble);
		shaper.update(1.5, List.of());
		assertThat(shaper.state().dropProbability()).isCloseTo(0.15, within(1e-9));
		int n = 10_000;
		int dropped = 0;
		InetAddress client = InetAddress.getByName("192.0.2.1");
		for (int i = 0; i < n; i++) {
			if (shaper.decide(client) == ShapingDecision.DROP) {
				dropped++;
			}
		}
		assertWithinBinomialBound(dropped, n, 0.15);
		shaper.update(1.0, List.of());
		assertThat(shaper.state().dropProbability()).isZero();
	}

	@Test
	void shareModeShedsAboutTheScoreOfManyNetworks() throws Exception {
		LoadShaper shaper = shaper(ShapingMode.SHARE, ShedAction.REFUSE, 0);
		List<InetAddress> clients = networks(10_000, new Random(7));
		for (double score : new double[] { 0.1, 0.3, 0.5, 0.9 }) {
			shaper.update(score, List.of());
			int shed = 0;
			for (InetAddress client : clients) {
				if (shaper.decide(client) == ShapingDecision.REFUSE) {
					shed++;
				}
			}
			assertWithinBinomialBound(shed, clients.size(), score);
		}
		shaper.update(1, List.of());
		assertThat(clients).allMatch((client) -> shaper.decide(client) == ShapingDecision.REFUSE);
	}

	@Test
	void networksShedAtALowerScoreStayShedAtAHigherOne() throws Exception {
		LoadShaper shaper = shaper(ShapingMode.SHARE, ShedAction.DROP, 0);
		List<InetAddress> clients = networks(2000, new Random(3));
		shaper.update(0.2, List.of());
		List<InetAddress> shedAtLow = clients.stream().filter((c) -> shaper.decide(c) == ShapingDecision.DROP).toList();
		shaper.update(0.6, List.of());
		assertThat(shedAtLow).isNotEmpty().allMatch((c) -> shaper.decide(c) == ShapingDecision.DROP);
		shaper.update(0.2, List.of());
		assertThat(clients.stream().filter((c) -> shaper.decide(c) == ShapingDecision.DROP).toList())
			.isEqualTo(shedAtLow);
	}

	@Test
	void shedResolversGetTheConfiguredAction() throws Exception {
		InetAddress client = InetAddress.getByName("192.0.2.1");
		assertThat(decideAtFullLoad(ShedAction.DELAY, client)).isEqualTo(ShapingDecision.DELAY);
		assertThat(shaper(ShapingMode.SHARE, ShedAction.DELAY, 0).delayNanos()).isEqualTo(MAX_DELAY.toNanos());
		assertThat(decideAtFullLoad(ShedAction.REFUSE, client)).isEqualTo(ShapingDecision.REFUSE);
		assertThat(decideAtFullLoad(ShedAction.DROP, client)).isEqualTo(ShapingDecision.DROP);
		assertThat(shaper(ShapingMode.SHARE, ShedAction.DELAY, 0).decide(null)).isEqualTo(ShapingDecision.NOW);
	}

	@Test
	void aNetworkIsOnePointWhateverTheHostPartAndNeighboursDiffer() throws Exception {
		assertThat(NETWORKS.point(InetAddress.getByName("203.0.113.1")))
			.isEqualTo(NETWORKS.point(InetAddress.getByName("203.0.113.254")))
			.isNotEqualTo(NETWORKS.point(InetAddress.getByName("203.0.112.1")));
		assertThat(NETWORKS.point(InetAddress.getByName("2001:db8:0:ab00::1")))
			.isEqualTo(NETWORKS.point(InetAddress.getByName("2001:db8:0:abff:ffff::53")))
			.isNotEqualTo(NETWORKS.point(InetAddress.getByName("2001:db8:0:ac00::1")));
		ResolverNetworks wide = new ResolverNetworks(16, 48, 42);
		assertThat(wide.point(InetAddress.getByName("203.0.1.1")))
			.isEqualTo(wide.point(InetAddress.getByName("203.0.200.1")));
	}

	@Test
	void eachHostOrdersNetworksItsOwnWayButStably() throws Exception {
		ResolverNetworks hostA = new ResolverNetworks(24, 56,
				ResolverNetworks.seedOf(List.of(InetAddress.getByName("192.0.2.1"))));
		ResolverNetworks hostAAgain = new ResolverNetworks(24, 56,
				ResolverNetworks.seedOf(List.of(InetAddress.getByName("192.0.2.1"))));
		ResolverNetworks hostB = new ResolverNetworks(24, 56,
				ResolverNetworks.seedOf(List.of(InetAddress.getByName("192.0.2.2"))));
		List<InetAddress> clients = networks(1000, new Random(11));
		int sameHalf = 0;
		for (InetAddress client : clients) {
			assertThat(hostA.point(client)).isEqualTo(hostAAgain.point(client));
			if ((hostA.point(client) < 0.5) == (hostB.point(client) < 0.5)) {
				sameHalf++;
			}
		}
		// Independent orders agree on about half the networks, not all of them.
		assertWithinBinomialBound(sameHalf, clients.size(), 0.5);
	}

	@Test
	void signalLevelIsZeroAtLowOneAtHighAndRisesBeyond() {
		LoadSignal signal = new LoadSignal("process.cpu.usage", Map.of(), SignalStatistic.AUTO, 0, 0.6, 0.9);
		assertThat(signal.level(0.1)).isZero();
		assertThat(signal.level(0.6)).isZero();
		assertThat(signal.level(0.75)).isCloseTo(0.5, within(1e-9));
		assertThat(signal.level(0.9)).isCloseTo(1, within(1e-9));
		assertThat(signal.level(1.2)).isCloseTo(2, within(1e-9));
	}

	private static ShapingDecision decideAtFullLoad(ShedAction action, InetAddress client) {
		LoadShaper shaper = shaper(ShapingMode.SHARE, action, 0);
		shaper.update(1, List.of());
		return shaper.decide(client);
	}

	private static LoadShaper shaper(ShapingMode mode, ShedAction action, double maxDrop) {
		return new LoadShaper(mode, action, MAX_DELAY, maxDrop, NETWORKS, () -> 0.5);
	}

	private static List<InetAddress> networks(int count, Random random) throws Exception {
		List<InetAddress> clients = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			byte[] address = new byte[4];
			random.nextBytes(address);
			clients.add(InetAddress.getByAddress(address));
		}
		return clients;
	}

	/** Four standard deviations of a binomial count: fails about once in 16,000 runs by chance. */
	static void assertWithinBinomialBound(int count, int n, double p) {
		double sigma = Math.sqrt(n * p * (1 - p));
		assertThat((double) count).isCloseTo(n * p, within(4 * sigma + 1));
	}

}
