package dev.selfdns.shaping;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.net.ResolverNetworks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reading load signals from a real Micrometer registry: each statistic on the meter types
 * Boot apps have, tag filters, and meters that are missing.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignalReaderTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	@Test
	void gaugeValueIsReadAndTheLargestOfSeveralWins() {
		AtomicReference<Double> cpu = new AtomicReference<>(0.42);
		Gauge.builder("process.cpu.usage", cpu, AtomicReference::get).register(this.registry);
		assertThat(reader("process.cpu.usage", SignalStatistic.AUTO).read(this.registry, 0)).isEqualTo(0.42);
		Gauge.builder("executor.active", () -> 3).tag("name", "a").register(this.registry);
		Gauge.builder("executor.active", () -> 7).tag("name", "b").register(this.registry);
		assertThat(reader("executor.active", SignalStatistic.VALUE).read(this.registry, 0)).isEqualTo(7);
		SignalReader tagged = new SignalReader(new LoadSignal("executor.active", Map.of("name", "a"),
				SignalStatistic.VALUE, 0, 0, 1));
		assertThat(tagged.read(this.registry, 0)).isEqualTo(3);
	}

	@Test
	void counterRateIsCountsPerSecondBetweenSamples() {
		Counter counter = Counter.builder("app.jobs").register(this.registry);
		SignalReader reader = reader("app.jobs", SignalStatistic.AUTO);
		counter.increment(10);
		assertThat(reader.read(this.registry, 0)).isNaN();
		counter.increment(50);
		assertThat(reader.read(this.registry, 2 * SECOND)).isCloseTo(25, within(1e-9));
		assertThat(reader.read(this.registry, 3 * SECOND)).isZero();
	}

	@Test
	void timerMeanIsTheMeanOfEventsSinceTheLastSampleInSeconds() {
		Timer timer = Timer.builder("http.server.requests").tag("uri", "/").register(this.registry);
		SignalReader reader = reader("http.server.requests", SignalStatistic.AUTO);
		timer.record(5, TimeUnit.SECONDS);
		reader.read(this.registry, 0);
		timer.record(100, TimeUnit.MILLISECONDS);
		timer.record(200, TimeUnit.MILLISECONDS);
		timer.record(300, TimeUnit.MILLISECONDS);
		assertThat(reader.read(this.registry, SECOND)).isCloseTo(0.2, within(1e-9));
		assertThat(reader.read(this.registry, 2 * SECOND)).as("no requests: nothing slow").isZero();
		assertThat(reader("http.server.requests", SignalStatistic.RATE).read(this.registry, 0)).isNaN();
	}

	@Test
	void timerMaxAndPublishedPercentileAreRead() {
		Timer timer = Timer.builder("http.server.requests").publishPercentiles(0.99).register(this.registry);
		for (int i = 1; i <= 100; i++) {
			timer.record(i * 10L, TimeUnit.MILLISECONDS);
		}
		assertThat(reader("http.server.requests", SignalStatistic.MAX).read(this.registry, 0)).isEqualTo(1.0);
		SignalReader p99 = new SignalReader(new LoadSignal("http.server.requests", Map.of(),
				SignalStatistic.PERCENTILE, 0.99, 0, 1));
		assertThat(p99.read(this.registry, 0)).isCloseTo(0.99, within(0.05));
		SignalReader p50 = new SignalReader(new LoadSignal("http.server.requests", Map.of(),
				SignalStatistic.PERCENTILE, 0.5, 0, 1));
		assertThat(p50.read(this.registry, 0)).as("not published").isNaN();
	}

	@Test
	void longTaskTimerActiveTasksAreSummed() {
		LongTaskTimer get = LongTaskTimer.builder("http.server.requests.active").tag("method", "GET")
			.register(this.registry);
		LongTaskTimer post = LongTaskTimer.builder("http.server.requests.active").tag("method", "POST")
			.register(this.registry);
		get.start();
		get.start();
		post.start();
		assertThat(reader("http.server.requests.active", SignalStatistic.AUTO).read(this.registry, 0)).isEqualTo(3);
	}

	@Test
	void distributionSummaryMeanIsRead() {
		DistributionSummary summary = DistributionSummary.builder("queue.size").register(this.registry);
		SignalReader reader = reader("queue.size", SignalStatistic.MEAN);
		reader.read(this.registry, 0);
		summary.record(10);
		summary.record(30);
		assertThat(reader.read(this.registry, SECOND)).isEqualTo(20);
	}

	@Test
	void missingMeterReadsAsNothingUntilItAppears() {
		SignalReader reader = reader("not.yet", SignalStatistic.AUTO);
		assertThat(reader.read(this.registry, 0)).isNaN();
		Gauge.builder("not.yet", () -> 5).register(this.registry);
		assertThat(reader.read(this.registry, 0)).isEqualTo(5);
	}

	@Test
	void samplerReportsAMissingMeterOnceAndShapesByTheWorstSignal(CapturedOutput output) {
		AtomicReference<Double> load = new AtomicReference<>(0.75);
		Gauge.builder("app.load", load, AtomicReference::get).register(this.registry);
		LoadShaper shaper = new LoadShaper(ShapingMode.SHARE, ShedAction.DELAY, Duration.ofMillis(250), 0,
				new ResolverNetworks(24, 56, 1), () -> 0.5);
		long[] now = { 0 };
		LoadSampler sampler = new LoadSampler(new SelfDnsScheduler(), this.registry,
				List.of(new LoadSignal("app.load", Map.of(), SignalStatistic.AUTO, 0, 0.5, 1),
						new LoadSignal("absent.meter", Map.of(), SignalStatistic.AUTO, 0, 0, 1)),
				Duration.ZERO, 0, Duration.ofSeconds(1), shaper, () -> now[0], 0);
		for (int i = 0; i < 5; i++) {
			now[0] += SECOND;
			sampler.sample();
		}
		assertThat(shaper.state().score()).isCloseTo(0.5, within(1e-9));
		assertThat(shaper.state().signals()).hasSize(2);
		assertThat(shaper.state().signals().get(1).present()).isFalse();
		assertThat(output.toString().split("no value from meter absent.meter", -1)).hasSize(2);
		AtomicReference<Double> late = new AtomicReference<>(2.0);
		Gauge.builder("absent.meter", late, AtomicReference::get).register(this.registry);
		now[0] += SECOND;
		assertThat(sampler.sample().score()).isEqualTo(1);
		assertThat(output).contains("meter absent.meter now has a value");
	}

	private static SignalReader reader(String meter, SignalStatistic statistic) {
		return new SignalReader(new LoadSignal(meter, Map.of(), statistic, 0, 0, 1));
	}

}
