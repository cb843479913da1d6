package dev.selfdns.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.selfdns.gate.ActuatorHealthCheck;
import dev.selfdns.gate.ApplicationStateListener;
import dev.selfdns.gate.HealthCheck;
import dev.selfdns.gate.HealthPoller;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.ShutdownDrain;
import dev.selfdns.gate.ZoneHealthPollers;
import dev.selfdns.query.ServedZones;
import dev.selfdns.schedule.LifecycleGroup;
import dev.selfdns.server.DnsServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the gate: closed until the application is ready, fed by readiness and,
 * where Spring Boot's health is present, by actuator health; closed first at shutdown.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration",
		"org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "selfdns.enabled", matchIfMissing = true)
@Import(SelfDnsPropertiesConfiguration.class)
public final class SelfDnsGateAutoConfiguration {

	/** Health contributors the gate never reads: its own, so it cannot hold itself closed. */
	static final Set<String> OWN_HEALTH_CONTRIBUTORS = Set.of("selfdns");

	/** Stops before the listeners (and the web server), so the gate closes first. */
	static final int SHUTDOWN_DRAIN_PHASE = DnsServer.PHASE + 256;

	@Bean
	@ConditionalOnMissingBean
	ServingGate selfDnsServingGate(SelfDnsProperties properties) {
		// Health, where it is read, makes itself known to the gate when its poller starts.
		ServingGate gate = new ServingGate(properties.getGate().getWhenClosed(), false);
		SelfDnsProperties.FailOpen failOpen = properties.getGate().getFailOpen();
		gate.failOpen(failOpen.isEnabled() ? failOpen.getAfter() : Duration.ZERO, System::nanoTime);
		return gate;
	}

	@Bean
	@ConditionalOnMissingBean
	ApplicationStateListener selfDnsApplicationStateListener(ServingGate gate, ApplicationContext context) {
		return new ApplicationStateListener(gate, context);
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownDrain selfDnsShutdownDrain(ServingGate gate, SelfDnsProperties properties) {
		Duration drain = properties.getShutdown().getDrain();
		// By default, as long as any zone's clients may hold an answer: the longest TTL of all.
		return new ShutdownDrain(gate, (drain != null) ? drain : properties.longestTtl(), SHUTDOWN_DRAIN_PHASE);
	}

	// After the nested configuration below: member classes are processed first.
	@Bean
	@ConditionalOnBean(HealthCheck.class)
	@ConditionalOnMissingBean
	HealthPoller selfDnsHealthPoller(HealthCheck healthCheck, ServingGate gate, SelfDnsProperties properties) {
		return new HealthPoller(healthCheck, gate, properties.getGate().getPollInterval(),
				properties.getGate().getHealthTimeout(), DnsServer.PHASE - 1);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributorRegistry.class)
	@ConditionalOnBean(HealthContributorRegistry.class)
	static class ActuatorHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HealthCheck selfDnsHealthCheck(HealthContributorRegistry registry,
				ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
				ObjectProvider<HealthEndpointGroups> groups, SelfDnsProperties properties) {
			return healthCheck(registry, reactiveRegistry, groups, properties, 0);
		}

		/** Each other zone of selfdns.zones reads its own health group into its own gate. */
		@Bean
		@ConditionalOnMissingBean
		ZoneHealthPollers selfDnsZoneHealthPollers(HealthContributorRegistry registry,
				ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
				ObjectProvider<HealthEndpointGroups> groups, SelfDnsProperties properties,
				ObjectProvider<ServedZones> zones) {
			List<HealthPoller> pollers = new ArrayList<>();
			ServedZones served = zones.getIfAvailable();
			List<ServingGate> gates = (served != null) ? served.gates() : List.of();
			for (int i = 1; i < gates.size(); i++) {
				pollers.add(new HealthPoller(healthCheck(registry, reactiveRegistry, groups, properties, i), gates.get(i),
						properties.getGate().getPollInterval(), properties.getGate().getHealthTimeout(),
						DnsServer.PHASE - 1));
			}
			return new ZoneHealthPollers(pollers);
		}

		@Bean
		LifecycleGroup selfDnsZoneHealthPollerLifecycle(ZoneHealthPollers pollers) {
			return new LifecycleGroup(pollers.pollers(), DnsServer.PHASE - 1);
		}

		private static HealthCheck healthCheck(HealthContributorRegistry registry,
				ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
				ObjectProvider<HealthEndpointGroups> groups, SelfDnsProperties properties, int zone) {
			String group = properties.zoneHealthGroup(zone);
			try {
				return new ActuatorHealthCheck(registry, reactiveRegistry.getIfAvailable(), groups.getIfAvailable(),
						group, OWN_HEALTH_CONTRIBUTORS);
			}
			catch (IllegalArgumentException ex) {
				String setting = (properties.zoneSettings(zone).getGate().getHealthGroup() != null)
						? "selfdns." + properties.zoneSetting(zone) + "gate.health-group" : "selfdns.gate.health-group";
				throw new InvalidConfigurationPropertyValueException(setting, group, ex.getMessage());
			}
		}

	}

}
