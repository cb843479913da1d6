package dev.selfdns.autoconfigure;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.selfdns.server.DelayedAnswers;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.server.DnsServer;
import dev.selfdns.shaping.LoadSampler;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.shaping.LoadSignal;
import dev.selfdns.net.ResolverNetworks;
import dev.selfdns.shaping.ShapingMetrics;
import dev.selfdns.zone.ServiceZone;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of load shaping: where the app has a Micrometer registry, the load it
 * reports steers a share of resolvers to other hosts (docs/shaping.md).
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "selfdns.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "selfdns.shaping.enabled", matchIfMissing = true)
@Import({ SelfDnsPropertiesConfiguration.class, SelfDnsSchedulerConfiguration.class })
public final class SelfDnsShapingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LoadShaper selfDnsLoadShaper(SelfDnsProperties properties, ServiceZone zone) {
		SelfDnsProperties.Shaping shaping = properties.getShaping();
		ResolverNetworks networks = new ResolverNetworks(shaping.getIpv4PrefixLength(), shaping.getIpv6PrefixLength(),
				ResolverNetworks.seedOf(zone.addresses()));
		return new LoadShaper(shaping.getMode(), shaping.getShedAction(), shaping.getMaxDelay(), shaping.getMaxDrop(),
				networks, () -> ThreadLocalRandom.current().nextDouble());
	}

	@Bean
	@ConditionalOnMissingBean
	LoadSampler selfDnsLoadSampler(SelfDnsScheduler scheduler, MeterRegistry registry, LoadShaper shaper, SelfDnsProperties properties) {
		SelfDnsProperties.Shaping shaping = properties.getShaping();
		return new LoadSampler(scheduler, registry, signals(shaping), shaping.getSmoothing(), shaping.getHysteresis(),
				shaping.getSampleInterval(), shaper, System::nanoTime, DnsServer.PHASE - 1);
	}

	@Bean
	@ConditionalOnMissingBean
	DelayedAnswers selfDnsDelayedAnswers(SelfDnsProperties properties) {
		return new DelayedAnswers(properties.getShaping().getMaxPending());
	}

	@Bean
	@ConditionalOnMissingBean
	ShapingMetrics selfDnsShapingMetrics(LoadShaper shaper, SelfDnsProperties properties) {
		return new ShapingMetrics(shaper, signals(properties.getShaping()));
	}

	private static List<LoadSignal> signals(SelfDnsProperties.Shaping shaping) {
		return shaping.getSignals()
			.stream()
			.map((signal) -> new LoadSignal(signal.getMeter().trim(), signal.getTags(), signal.getStatistic(),
					(signal.getPercentile() != null) ? signal.getPercentile() : 0, signal.getLow(), signal.getHigh()))
			.toList();
	}

}
