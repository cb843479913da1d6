package dev.selfdns.autoconfigure;

import java.util.Set;

import dev.selfdns.gate.ActuatorHealthCheck;
import dev.selfdns.gate.ApplicationStateListener;
import dev.selfdns.gate.HealthCheck;
import dev.selfdns.gate.HealthPoller;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;
import dev.selfdns.wire.PreparedAnswers;
import dev.selfdns.wire.QueryResponder;
import dev.selfdns.wire.ResponseWriter;
import dev.selfdns.zone.ServiceZone;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the selfdns name server: the zone from {@code selfdns.*} properties,
 * the gate fed by readiness and actuator health, and the listeners.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration",
		"org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "selfdns.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SelfDnsProperties.class)
public final class SelfDnsAutoConfiguration {

	/** Health contributors the gate never reads: its own, so it cannot hold itself closed. */
	static final Set<String> OWN_HEALTH_CONTRIBUTORS = Set.of("selfdns");

	@Bean
	@ConditionalOnMissingBean
	ServiceZone selfDnsZone(SelfDnsProperties properties) {
		return new SelfDnsPropertiesMapper(properties).zone();
	}

	@Bean
	@ConditionalOnMissingBean
	ServingGate selfDnsServingGate(SelfDnsProperties properties, ObjectProvider<HealthCheck> healthCheck) {
		// Checked here too, so a bad value fails start-up even where health is not read.
		new SelfDnsPropertiesMapper(properties).pollInterval();
		return new ServingGate(properties.getGate().getWhenClosed(), healthCheck.getIfAvailable() != null);
	}

	@Bean
	ApplicationStateListener selfDnsApplicationStateListener(ServingGate gate, ApplicationContext context) {
		return new ApplicationStateListener(gate, context);
	}

	@Bean
	@ConditionalOnMissingBean
	QueryResponder selfDnsQueryResponder(ServiceZone zone, SelfDnsProperties properties, ServingGate gate) {
		ResponseWriter writer = new ResponseWriter(new SelfDnsPropertiesMapper(properties).udpPayloadSize());
		return new QueryResponder(new PreparedAnswers(zone), writer, gate);
	}

	@Bean
	@ConditionalOnMissingBean
	DnsServer selfDnsServer(QueryResponder responder, SelfDnsProperties properties, ServingGate gate,
			ApplicationEventPublisher publisher) {
		return new DnsServer(responder, new SelfDnsPropertiesMapper(properties).listener(), gate, publisher);
	}

	@Bean
	@ConditionalOnBean(HealthCheck.class)
	@ConditionalOnMissingBean
	HealthPoller selfDnsHealthPoller(HealthCheck healthCheck, ServingGate gate, SelfDnsProperties properties) {
		return new HealthPoller(healthCheck, gate, new SelfDnsPropertiesMapper(properties).pollInterval(),
				DnsServer.PHASE - 1);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributorRegistry.class)
	@ConditionalOnBean(HealthContributorRegistry.class)
	static class ActuatorHealthGateConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HealthCheck selfDnsHealthCheck(HealthContributorRegistry registry,
				ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
				ObjectProvider<HealthEndpointGroups> groups, SelfDnsProperties properties) {
			String group = properties.getGate().getHealthGroup().trim();
			try {
				return new ActuatorHealthCheck(registry, reactiveRegistry.getIfAvailable(), groups.getIfAvailable(),
						group, OWN_HEALTH_CONTRIBUTORS);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("selfdns.gate.health-group", group,
						ex.getMessage());
			}
		}

	}

}
