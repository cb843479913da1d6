package dev.selfdns.autoconfigure;

import dev.selfdns.TestServers;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.metrics.SelfDnsMetrics;
import dev.selfdns.gate.WhenClosed;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfDnsMetricsAutoConfiguration}.
 */
class SelfDnsMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = TestServers.runner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void theMetersAreBoundToTheAppsRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SelfDnsMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("selfdns.queries").tags("transport", "udp", "outcome", "answered").meters())
				.as(registry.getMeters().stream().map((m) -> m.getId().toString()).toList().toString())
				.isNotEmpty();
			assertThat(registry.get("selfdns.gate.open").gauge().value()).isZero();
			assertThat(registry.get("selfdns.gate.state").tag("state", "starting").gauge().value()).isOne();
			context.getBean(ServingGate.class).applicationReady();
			assertThat(registry.get("selfdns.gate.open").gauge().value()).isOne();
			assertThat(registry.get("selfdns.gate.state").tag("state", "open").gauge().value()).isOne();
			assertThat(registry.get("selfdns.gate.state").tag("state", "starting").gauge().value()).isZero();
			context.getBean(ServingGate.class).drain("test");
			assertThat(registry.get("selfdns.gate.state").tag("state", "drained").gauge().value()).isOne();
			assertThat(registry.find("selfdns.gate.state").gauges()).hasSize(dev.selfdns.gate.GateReason.values().length);
		});
	}

	@Test
	void switchedOffWithSelfdns() {
		this.runner.withPropertyValues("selfdns.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SelfDnsMetrics.class));
	}

	@Test
	void withoutMicrometerThereAreNoMetersAndTheServerRuns() {
		TestServers.runner()
			.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SelfDnsMetrics.class)
				.hasBean("selfDnsServer"));
	}

	@Test
	void theUsersBeanWins() {
		this.runner
			.withBean("myMetrics", SelfDnsMetrics.class,
					() -> new SelfDnsMetrics(new QueryCounters(), new ServingGate(WhenClosed.DROP, false), null, null,
							null))
			.run((context) -> assertThat(context.getBeanNamesForType(SelfDnsMetrics.class))
				.containsExactly("myMetrics"));
	}

}
