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
import dev.selfdns.gate.ZoneHealthChecks;
import dev.selfdns.query.ServedZones;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.server.DnsServer;
import org.jspecify.annotations.Nullable;

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
@Import({ SelfDnsPropertiesConfiguration.class, SelfDnsSchedulerConfiguration.class })
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

	/**
	 * One pass reads every zone's health: a zone that names a health group of its own reads
	 * that group, every other zone the {@link HealthCheck} bean (selfdns.gate.health-group, or
	 * a check of the user's own).
	 */
	// After the nested configuration below: member classes are processed first.
	@Bean
	@ConditionalOnBean(HealthCheck.class)
	@ConditionalOnMissingBean
	HealthPoller selfDnsHealthPoller(SelfDnsScheduler scheduler, HealthCheck healthCheck, ServingGate gate,
			SelfDnsProperties properties, ObjectProvider<ServedZones> zones,
			ObjectProvider<ZoneHealthChecks> zoneChecks) {
		ServedZones served = zones.getIfAvailable();
		List<ServingGate> gates = (served != null) ? served.gates() : List.of(gate);
		ZoneHealthChecks own = zoneChecks.getIfAvailable();
		List<HealthPoller.ZoneHealth> health = new ArrayList<>();
		for (int i = 0; i < gates.size(); i++) {
			HealthCheck check = (own != null) ? own.of(i) : null;
			health.add(new HealthPoller.ZoneHealth((check != null) ? check : healthCheck, gates.get(i)));
		}
		return new HealthPoller(scheduler, health, properties.getGate().getPollInterval(),
				properties.getGate().getHealthTimeout(), DnsServer.PHASE - 1);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributorRegistry.class)
	@ConditionalOnBean(HealthContributorRegistry.class)
	static class ActuatorHealthConfiguration {

		/** The health of every zone that does not name a group of its own. */
		@Bean
		@ConditionalOnMissingBean
		HealthCheck selfDnsHealthCheck(HealthContributorRegistry registry,
				ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
				ObjectProvider<HealthEndpointGroups> groups, SelfDnsProperties properties) {
			return healthCheck(registry, reactiveRegistry, groups, properties.getGate().getHealthGroup(),
					"selfdns.gate.health-group");
		}

		/** The zones of selfdns.zones that name a health group of their own each read that group. */
		@Bean
		@ConditionalOnMissingBean
		ZoneHealthChecks selfDnsZoneHealthChecks(HealthContributorRegistry registry,
				ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
				ObjectProvider<HealthEndpointGroups> groups, SelfDnsProperties properties) {
			List<@Nullable HealthCheck> checks = new ArrayList<>();
			for (int i = 0; i < properties.zoneCount(); i++) {
				String own = properties.zoneSettings(i).getGate().getHealthGroup();
				checks.add((own != null) ? healthCheck(registry, reactiveRegistry, groups, own,
						"selfdns." + properties.zoneSetting(i) + "gate.health-group") : null);
			}
			return new ZoneHealthChecks(checks);
		}

		private static HealthCheck healthCheck(HealthContributorRegistry registry,
				ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
				ObjectProvider<HealthEndpointGroups> groups, String group, String setting) {
			try {
				return new ActuatorHealthCheck(registry, reactiveRegistry.getIfAvailable(), groups.getIfAvailable(),
						group.trim(), OWN_HEALTH_CONTRIBUTORS);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(setting, group, ex.getMessage());
			}
		}

	}

}
