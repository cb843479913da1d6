package dev.selfdns.autoconfigure;

import dev.selfdns.actuate.SelfDnsHealthIndicator;
import dev.selfdns.peers.PeerProbers;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.ServedZones;
import dev.selfdns.server.DnsServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code selfdns} health component: whether the listeners are bound
 * and the gate open, and how many peers it hears. The gate never reads it, so it cannot hold itself closed.
 */
@AutoConfiguration(after = { SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class,
		SelfDnsFleetAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(DnsServer.class)
public final class SelfDnsHealthContributorAutoConfiguration {

	// The bean name makes the component "selfdns", the name the gate never reads.
	// On the method, not the class: the condition's own class is missing where health is.
	@Bean
	@ConditionalOnMissingBean(name = "selfdnsHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("selfdns")
	SelfDnsHealthIndicator selfdnsHealthIndicator(DnsServer server, ServingGate gate,
			ObjectProvider<ServedZones> zones, ObjectProvider<PeerProbers> peers) {
		return new SelfDnsHealthIndicator(server, gate, zones.getIfAvailable(), peers.getIfAvailable());
	}

}
