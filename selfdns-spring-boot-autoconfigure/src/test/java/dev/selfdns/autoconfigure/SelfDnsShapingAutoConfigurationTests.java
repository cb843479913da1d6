package dev.selfdns.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.TestServers;
import dev.selfdns.server.DelayedAnswers;
import dev.selfdns.shaping.LoadSampler;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.net.ResolverNetworks;
import dev.selfdns.shaping.ShapingMetrics;
import dev.selfdns.shaping.ShapingMode;
import dev.selfdns.shaping.ShedAction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfDnsShapingAutoConfiguration}.
 */
class SelfDnsShapingAutoConfigurationTests {

	private final ApplicationContextRunner runner = TestServers.runner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void withAMeterRegistryShapingIsOnByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LoadShaper.class)
				.hasSingleBean(LoadSampler.class)
				.hasSingleBean(DelayedAnswers.class)
				.hasSingleBean(ShapingMetrics.class);
			assertThat(context.getBean(MeterRegistry.class).find("selfdns.shaping.score").gauge()).isNotNull();
			assertThat(context.getBean(MeterRegistry.class).find("selfdns.shaping.pending").gauge()).isNotNull();
		});
	}

	@Test
	void switchedOffByItsPropertyOrWithSelfdns() {
		for (String off : new String[] { "selfdns.shaping.enabled=false", "selfdns.enabled=false" }) {
			this.runner.withPropertyValues(off)
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean(LoadShaper.class)
					.doesNotHaveBean(LoadSampler.class)
					.doesNotHaveBean(DelayedAnswers.class)
					.doesNotHaveBean(ShapingMetrics.class));
		}
	}

	@Test
	void withoutAMeterRegistryOrMicrometerThereIsNoShaping() {
		TestServers.runner()
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LoadShaper.class));
		TestServers.runner().withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LoadShaper.class));
	}

	@Test
	void theUsersBeansWin() {
		LoadShaper shaper = new LoadShaper(ShapingMode.RAMP, ShedAction.DROP, Duration.ZERO, 0,
				new ResolverNetworks(24, 56, 0), () -> 0.5);
		this.runner.withBean("myShaper", LoadShaper.class, () -> shaper)
			.withBean("mySampler", LoadSampler.class,
					() -> new LoadSampler(new SelfDnsScheduler(), new SimpleMeterRegistry(), List.of(), Duration.ZERO, 0, Duration.ofSeconds(1),
							shaper, System::nanoTime, 0))
			.withBean("myDelayed", DelayedAnswers.class, () -> new DelayedAnswers(1))
			.withBean("myMetrics", ShapingMetrics.class, () -> new ShapingMetrics(shaper, List.of()))
			.run((context) -> {
				assertThat(context.getBeanNamesForType(LoadShaper.class)).containsExactly("myShaper");
				assertThat(context.getBeanNamesForType(LoadSampler.class)).containsExactly("mySampler");
				assertThat(context.getBeanNamesForType(DelayedAnswers.class)).containsExactly("myDelayed");
				assertThat(context.getBeanNamesForType(ShapingMetrics.class)).containsExactly("myMetrics");
			});
	}

	@Test
	void aBadValueFailsStartupNamingThePropertyAndTheFix() {
		this.runner.withPropertyValues("selfdns.shaping.max-delay=20s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(SelfDnsAutoConfigurationTests.report(context.getStartupFailure()))
				.anySatisfy((line) -> assertThat(line).startsWith("selfdns.shaping.max-delay").contains("from 0 to 10s"));
		});
	}

}
