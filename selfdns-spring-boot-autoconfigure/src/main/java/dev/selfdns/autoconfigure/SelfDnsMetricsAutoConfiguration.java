package dev.selfdns.autoconfigure;

import dev.selfdns.peers.PeerProbers;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.metrics.SelfDnsMetrics;
import dev.selfdns.query.ServedZones;
import dev.selfdns.server.DelayedAnswers;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the name server's meters, where Micrometer is present: queries by
 * transport, type and outcome, the gate, TCP closes, answer delays and the peers heard.
 */
@AutoConfiguration(after = { SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class,
		SelfDnsFleetAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "selfdns.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ QueryCounters.class, ServingGate.class })
public final class SelfDnsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SelfDnsMetrics selfDnsMetrics(QueryCounters counters, ServingGate gate,
			ObjectProvider<DelayedAnswers> delayedAnswers, ObjectProvider<ServedZones> zones,
			ObjectProvider<PeerProbers> peers) {
		return new SelfDnsMetrics(counters, gate, delayedAnswers.getIfAvailable(), zones.getIfAvailable(),
				peers.getIfAvailable());
	}

}
