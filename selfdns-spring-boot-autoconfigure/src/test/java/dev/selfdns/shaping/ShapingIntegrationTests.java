package dev.selfdns.shaping;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.selfdns.Deadline;
import dev.selfdns.DnsHeaderBytes;
import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import dev.selfdns.UdpFlood;
import dev.selfdns.UdpFlood.Tally;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.DnsTransport;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.query.QueryType;
import dev.selfdns.query.QueryOutcome;
import dev.selfdns.server.DelayedAnswers;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Load shaping over real sockets, driven by a real Micrometer gauge: answer times follow the
 * score in ramp mode, and in share mode a share of source networks (127.0.N.1 on loopback) is
 * shed, the same ones every time.
 */
class ShapingIntegrationTests {

	private static final Duration SAMPLE = Duration.ofMillis(50);

	private final ApplicationContextRunner runner = TestServers.runner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withUserConfiguration(TestLoadConfiguration.class)
		.withPropertyValues("selfdns.shaping.signals[0].meter=test.load", "selfdns.shaping.signals[0].low=0",
				"selfdns.shaping.signals[0].high=1", "selfdns.shaping.smoothing=0", "selfdns.shaping.hysteresis=0",
				"selfdns.shaping.sample-interval=" + SAMPLE.toMillis() + "ms");

	@Test
	void rampDelaysEveryAnswerByScoreTimesMaxDelay() {
		this.runner.withPropertyValues("selfdns.shaping.mode=ramp", "selfdns.shaping.max-delay=400ms")
			.run((context) -> {
				DnsTestClient client = ready(context);
				setLoad(context, 0);
				assertThat(medianAnswerTime(client)).isLessThan(Duration.ofMillis(50));
				setLoad(context, 1);
				assertThat(medianAnswerTime(client)).isBetween(Duration.ofMillis(400), Duration.ofMillis(450));
				FunctionTimer delay = context.getBean(MeterRegistry.class).get("selfdns.answer.delay").functionTimer();
				assertThat(delay.count()).isEqualTo(5);
				assertThat(delay.mean(TimeUnit.MILLISECONDS)).isCloseTo(400, within(1.0));
				setLoad(context, 0.5);
				assertThat(medianAnswerTime(client)).isBetween(Duration.ofMillis(200), Duration.ofMillis(250));
				// TCP carries retries of answers already shaped over UDP: it is never delayed.
				long start = System.nanoTime();
				assertThat(client.tcp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(150));
			});
	}

	@Test
	void shareModeShedsAboutTheScoreOfSourceNetworksAndTheSameOnesEachTime() {
		this.runner.withPropertyValues("selfdns.shaping.shed-action=refuse").run((context) -> {
			DnsTestClient client = ready(context);
			int port = client.port();
			setLoad(context, 0);
			assertThat(refusedNetworks(port)).isEmpty();
			setLoad(context, 0.5);
			Set<Integer> shed = refusedNetworks(port);
			LoadShaperTests.assertWithinBinomialBound(shed.size(), NETWORKS, 0.5);
			assertThat(refusedNetworks(port)).isEqualTo(shed);
			setLoad(context, 0.8);
			Set<Integer> shedMore = refusedNetworks(port);
			assertThat(shedMore).containsAll(shed);
			LoadShaperTests.assertWithinBinomialBound(shedMore.size(), NETWORKS, 0.8);
			setLoad(context, 1);
			assertThat(refusedNetworks(port)).hasSize(NETWORKS);
		});
	}

	@Test
	void aShedResolverGetsEveryRefusalWhileItSendsMuch() {
		// Rate limiting as shipped: a REFUSED that steers a resolver away is never silenced.
		this.runner.withPropertyValues("selfdns.shaping.shed-action=refuse").run((context) -> {
			DnsTestClient client = ready(context);
			setLoad(context, 1);
			Tally tally = UdpFlood.send("127.0.0.2", client.port(), query("q1.www.example.com.", Type.A), 3000, 1000);
			assertThat(tally.truncated).as("truncated").isZero();
			assertThat(tally.answered).as("answered").isEqualTo(3000);
			assertThat(tally.answeredRcodes).containsOnly(Rcode.REFUSED);
			QueryCounters counters = context.getBean(QueryCounters.class);
			assertThat(counters.get(DnsTransport.UDP, QueryType.A, QueryOutcome.SHED)).isEqualTo(3000);
		});
	}

	@Test
	void shedResolversAreDelayedAndTheOthersAreNot() {
		this.runner.withPropertyValues("selfdns.shaping.max-delay=300ms").run((context) -> {
			DnsTestClient client = ready(context);
			setLoad(context, 0.5);
			List<Duration> times = new ArrayList<>();
			for (int network = 1; network <= 24; network++) {
				long start = System.nanoTime();
				byte[] response = askFrom("127.0." + network + ".1", client.port());
				times.add(Duration.ofNanos(System.nanoTime() - start));
				assertThat(DnsHeaderBytes.rcode(response)).isEqualTo(Rcode.NOERROR);
			}
			assertThat(times).allMatch((t) -> t.toMillis() < 150 || t.toMillis() >= 300);
			assertThat(times).anyMatch((t) -> t.toMillis() < 150).anyMatch((t) -> t.toMillis() >= 300);
		});
	}

	@Test
	void aFloodAtSaturationKeepsPendingAnswersWithinTheBoundAndCountsTheRest() {
		// Rate limiting off: it would hold back a flood from one address before the bound on
		// pending answers, which is what this test measures.
		this.runner
			.withPropertyValues("selfdns.shaping.mode=ramp", "selfdns.shaping.max-delay=10s",
					"selfdns.shaping.max-pending=50", "selfdns.rate-limit.enabled=false")
			.run((context) -> {
				DnsTestClient client = ready(context);
				setLoad(context, 1);
				DelayedAnswers delayed = context.getBean(DelayedAnswers.class);
				int sent = 0;
				int highest = 0;
				try (DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
					InetSocketAddress server = new InetSocketAddress("127.0.0.1", client.port());
					byte[] wire = query("www.example.com.", Type.A).toWire();
					// Batches small enough for the socket buffer, each accounted for before the next:
					// every query is either waiting or counted as overflow, none lost in the kernel.
					for (int batch = 0; batch < 12; batch++) {
						for (int i = 0; i < 25; i++) {
							socket.send(new DatagramPacket(wire, wire.length, server));
							sent++;
						}
						int expected = sent;
						Deadline.poll(Duration.ofSeconds(2), () -> delayed.pending() + delayed.overflowed(),
								(n) -> n == expected);
						highest = Math.max(highest, delayed.pending());
					}
				}
				assertThat(highest).isEqualTo(50);
				assertThat(delayed.overflowed()).isEqualTo(sent - 50);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("selfdns.shaping.overflow").functionCounter().count())
					.isEqualTo(delayed.overflowed());
			});
	}

	@Test
	void answersTheGateClosesAreNotShaped() {
		this.runner.withPropertyValues("selfdns.shaping.mode=ramp", "selfdns.shaping.max-delay=400ms")
			.run((context) -> {
				setLoad(context, 1);
				DnsTestClient client = TestServers.client(context);
				long start = System.nanoTime();
				assertThat(client.udp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(150));
			});
	}

	@Test
	void aMissingMeterStopsNeitherStartupNorAnswers() {
		this.runner.withPropertyValues("selfdns.shaping.signals[0].meter=no.such.meter").run((context) -> {
			assertThat(context).hasNotFailed();
			DnsTestClient client = ready(context);
			Message response = client.udp(query("www.example.com.", Type.A));
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			LoadShaper shaper = context.getBean(LoadShaper.class);
			Deadline.poll(Duration.ofSeconds(2), () -> shaper.state().signals(), (s) -> s.size() == 1);
			assertThat(shaper.state().signals().get(0).present()).isFalse();
			assertThat(shaper.state().score()).isZero();
		});
	}

	@Test
	void shapingStateIsPublishedAsGauges() {
		this.runner.withPropertyValues("selfdns.shaping.mode=ramp", "selfdns.shaping.max-delay=400ms")
			.run((context) -> {
				setLoad(context, 0.5);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("selfdns.shaping.score").gauge().value()).isEqualTo(0.5);
				assertThat(registry.get("selfdns.shaping.delay").gauge().value()).isEqualTo(0.2);
				assertThat(registry.get("selfdns.shaping.signal.level").tag("meter", "test.load").gauge().value())
					.isEqualTo(0.5);
				assertThat(registry.get("selfdns.shaping.signal.value").tag("signal", "0").gauge().value())
					.isEqualTo(0.5);
				assertThat(registry.get("selfdns.shaping.drop").gauge().value()).isZero();
			});
	}

	@Test
	void shapingIsOffWhenDisabled() {
		this.runner.withPropertyValues("selfdns.shaping.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LoadShaper.class)
				.doesNotHaveBean(LoadSampler.class)
				.doesNotHaveBean(DelayedAnswers.class));
	}

	private static final int NETWORKS = 200;

	private static Set<Integer> refusedNetworks(int port) throws Exception {
		Set<Integer> refused = new LinkedHashSet<>();
		for (int network = 1; network <= NETWORKS; network++) {
			if (DnsHeaderBytes.rcode(askFrom("127.0." + network + ".1", port)) == Rcode.REFUSED) {
				refused.add(network);
			}
		}
		return refused;
	}

	private static byte[] askFrom(String source, int port) throws Exception {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
			socket.setSoTimeout(5000);
			byte[] wire = query("www.example.com.", Type.A).toWire();
			socket.send(new DatagramPacket(wire, wire.length, new InetSocketAddress("127.0.0.1", port)));
			DatagramPacket packet = new DatagramPacket(new byte[1232], 1232);
			try {
				socket.receive(packet);
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("No answer to a query from " + source, ex);
			}
			return Arrays.copyOf(packet.getData(), packet.getLength());
		}
	}

	private static Duration medianAnswerTime(DnsTestClient client) throws Exception {
		List<Long> times = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			assertThat(client.udp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
			times.add(System.nanoTime() - start);
		}
		times.sort(null);
		return Duration.ofNanos(times.get(2));
	}

	private static DnsTestClient ready(ApplicationContext context) {
		context.getBean(ServingGate.class).applicationReady();
		return TestServers.client(context);
	}

	@SuppressWarnings("unchecked")
	private static void setLoad(ApplicationContext context, double load) throws Exception {
		context.getBean("testLoad", AtomicReference.class).set(load);
		LoadShaper shaper = context.getBean(LoadShaper.class);
		Deadline.poll(SAMPLE.multipliedBy(40), () -> shaper.state().score(), (score) -> score == Math.min(1, load));
	}

	@Configuration(proxyBeanMethods = false)
	static class TestLoadConfiguration {

		@Bean
		AtomicReference<Double> testLoad() {
			return new AtomicReference<>(0.0);
		}

		@Bean
		MeterBinder testLoadGauge(AtomicReference<Double> testLoad) {
			return (registry) -> Gauge.builder("test.load", testLoad, AtomicReference::get).register(registry);
		}

	}

}
