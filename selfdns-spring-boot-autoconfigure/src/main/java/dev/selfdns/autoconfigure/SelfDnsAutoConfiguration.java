package dev.selfdns.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.selfdns.gate.ActuatorHealthCheck;
import dev.selfdns.gate.ApplicationStateListener;
import dev.selfdns.gate.HealthCheck;
import dev.selfdns.gate.HealthPoller;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.ShutdownDrain;
import dev.selfdns.metrics.QueryCounters;
import dev.selfdns.metrics.SelfDnsMetrics;
import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.query.QueryHandler;
import dev.selfdns.server.DelayedAnswers;
import dev.selfdns.server.DnsServer;
import dev.selfdns.server.ListenerSettings;
import dev.selfdns.server.TcpLimits;
import dev.selfdns.shaping.LoadSampler;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.shaping.LoadSignal;
import dev.selfdns.shaping.ResolverNetworks;
import dev.selfdns.shaping.ShapingMetrics;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.wire.ResponseWriter;
import dev.selfdns.zone.InvalidZoneException;
import dev.selfdns.zone.ServiceZone;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
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
		"org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "selfdns.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SelfDnsProperties.class)
public final class SelfDnsAutoConfiguration {

	/** Health contributors the gate never reads: its own, so it cannot hold itself closed. */
	static final Set<String> OWN_HEALTH_CONTRIBUTORS = Set.of("selfdns");

	/** Stops before the listeners (and the web server), so the gate closes first. */
	static final int SHUTDOWN_DRAIN_PHASE = DnsServer.PHASE + 256;

	@Bean
	@ConfigurationPropertiesBinding
	static IpLiteralConverter selfDnsIpLiteralConverter() {
		return new IpLiteralConverter();
	}

	@Bean
	@ConfigurationPropertiesBinding
	static HostNameConverter selfDnsHostNameConverter() {
		return new HostNameConverter();
	}

	@Bean
	@ConfigurationPropertiesBinding
	static NameServerConverter selfDnsNameServerConverter() {
		return new NameServerConverter();
	}

	@Bean
	@ConditionalOnMissingBean
	ServiceZone selfDnsZone(SelfDnsProperties properties) {
		try {
			return properties.zoneBuilder().build();
		}
		catch (InvalidZoneException ex) {
			// Only an unset zone gets here: a wrong one failed when the properties were bound.
			throw new InvalidConfigurationPropertyValueException("selfdns." + ex.setting(), ex.value(), ex.reason());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	AnswerTable selfDnsAnswerTable(ServiceZone zone) {
		return new AnswerTable(zone);
	}

	@Bean
	@ConditionalOnMissingBean
	ServingGate selfDnsServingGate(SelfDnsProperties properties, ListableBeanFactory beanFactory) {
		// Whether health is read, without creating the check: it needs the health registry, which
		// needs the selfdns health component, which needs the server and so this gate.
		boolean healthChecked = beanFactory.getBeanNamesForType(HealthCheck.class, true, false).length > 0;
		return new ServingGate(properties.getGate().getWhenClosed(), healthChecked);
	}

	@Bean
	ApplicationStateListener selfDnsApplicationStateListener(ServingGate gate, ApplicationContext context) {
		return new ApplicationStateListener(gate, context);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "selfdns.cookies.enabled", matchIfMissing = true)
	ServerCookies selfDnsServerCookies(SelfDnsProperties properties) {
		SelfDnsProperties.Cookies cookies = properties.getCookies();
		String secret = cookies.getSecret();
		byte[] key = (secret != null && !secret.isBlank()) ? SelfDnsPropertiesValidator.cookieSecret(secret)
				: ServerCookies.randomSecret();
		return new ServerCookies(key, cookies.isRequire(), () -> System.currentTimeMillis() / 1000);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "selfdns.rate-limit.enabled", matchIfMissing = true)
	ResponseRateLimiter selfDnsResponseRateLimiter(SelfDnsProperties properties) {
		SelfDnsProperties.RateLimit limit = properties.getRateLimit();
		return new ResponseRateLimiter(
				new ResolverNetworks(limit.getIpv4PrefixLength(), limit.getIpv6PrefixLength(), 0),
				limit.getResponsesPerSecond(), limit.getNxdomainsPerSecond(), limit.getErrorsPerSecond(),
				limit.getWindow().toNanos(), limit.getSlip());
	}

	@Bean
	@ConditionalOnMissingBean
	QueryHandler selfDnsQueryHandler(AnswerTable answers, SelfDnsProperties properties, ServingGate gate,
			ObjectProvider<LoadShaper> shaper, ObjectProvider<ServerCookies> cookies,
			ObjectProvider<ResponseRateLimiter> rateLimiter) {
		ResponseWriter writer = new ResponseWriter(properties.getEdns().getUdpPayloadSize());
		return new QueryHandler(answers, writer, gate, shaper.getIfAvailable(), cookies.getIfAvailable(),
				rateLimiter.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	QueryCounters selfDnsQueryCounters() {
		return new QueryCounters();
	}

	@Bean
	@ConditionalOnMissingBean
	DnsServer selfDnsServer(QueryHandler handler, SelfDnsProperties properties,
			ApplicationEventPublisher publisher, ObjectProvider<DelayedAnswers> delayedAnswers,
			QueryCounters counters) {
		return new DnsServer(handler, listenerSettings(properties.getListen()), publisher,
				delayedAnswers.getIfAvailable(), counters);
	}

	private static ListenerSettings listenerSettings(SelfDnsProperties.Listen listen) {
		IpLiteral address = listen.getAddress();
		TcpLimits tcpLimits = new TcpLimits(listen.getTcpIdleTimeout(), listen.getTcpMessageTimeout(),
				listen.getTcpMaxConnections(), listen.getTcpMaxConnectionsPerClient(), listen.getTcpMaxQueriesInFlight());
		return new ListenerSettings((address != null) ? address.address() : null, listen.getPort(), listen.isUdp(),
				listen.getUdpThreads(), (int) listen.getUdpBufferSize().toBytes(), listen.isTcp(), tcpLimits);
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownDrain selfDnsShutdownDrain(ServingGate gate, SelfDnsProperties properties) {
		Duration drain = properties.getShutdown().getDrain();
		return new ShutdownDrain(gate, (drain != null) ? drain : properties.getTtl(), SHUTDOWN_DRAIN_PHASE);
	}

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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SelfDnsMetrics selfDnsMetrics(QueryCounters counters, ServingGate gate,
				ObjectProvider<DelayedAnswers> delayedAnswers) {
			return new SelfDnsMetrics(counters, gate, delayedAnswers.getIfAvailable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "selfdns.shaping.enabled", matchIfMissing = true)
	static class ShapingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LoadShaper selfDnsLoadShaper(SelfDnsProperties properties, ServiceZone zone) {
			SelfDnsProperties.Shaping shaping = properties.getShaping();
			ResolverNetworks networks = new ResolverNetworks(shaping.getIpv4PrefixLength(),
					shaping.getIpv6PrefixLength(), ResolverNetworks.seedOf(zone.addresses()));
			return new LoadShaper(shaping.getMode(), shaping.getShedAction(), shaping.getMaxDelay(),
					shaping.getMaxDrop(), networks, () -> ThreadLocalRandom.current().nextDouble());
		}

		@Bean
		@ConditionalOnMissingBean
		LoadSampler selfDnsLoadSampler(MeterRegistry registry, LoadShaper shaper, SelfDnsProperties properties) {
			SelfDnsProperties.Shaping shaping = properties.getShaping();
			return new LoadSampler(registry, signals(shaping), shaping.getSmoothing(), shaping.getHysteresis(),
					shaping.getSampleInterval(), shaper, System::nanoTime, DnsServer.PHASE - 1);
		}

		@Bean
		@ConditionalOnMissingBean
		DelayedAnswers selfDnsDelayedAnswers(SelfDnsProperties properties) {
			return new DelayedAnswers(properties.getShaping().getMaxPending());
		}

		@Bean
		ShapingMetrics selfDnsShapingMetrics(LoadShaper shaper, SelfDnsProperties properties) {
			return new ShapingMetrics(shaper, signals(properties.getShaping()));
		}

		private static List<LoadSignal> signals(SelfDnsProperties.Shaping shaping) {
			return shaping.getSignals()
				.stream()
				.map((signal) -> new LoadSignal(signal.getMeter().trim(), signal.getTags(), signal.getStatistic(),
						(signal.getPercentile() != null) ? signal.getPercentile() : 0, signal.getLow(),
						signal.getHigh()))
				.toList();
		}

	}

}
