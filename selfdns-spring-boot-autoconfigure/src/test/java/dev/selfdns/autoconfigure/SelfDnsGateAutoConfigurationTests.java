package dev.selfdns.autoconfigure;

import java.time.Duration;

import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.gate.ApplicationStateListener;
import dev.selfdns.gate.HealthCheck;
import dev.selfdns.gate.HealthPoller;
import dev.selfdns.gate.HealthVerdict;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.ShutdownDrain;
import dev.selfdns.gate.WhenClosed;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfDnsGateAutoConfiguration}, on its own.
 */
class SelfDnsGateAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SelfDnsGateAutoConfiguration.class))
		.withPropertyValues("selfdns.shutdown.drain=0s");

	private final ApplicationContextRunner withHealth = this.runner.withConfiguration(AutoConfigurations
		.of(HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class));

	@Test
	void defaultsMakeAGateClosedUntilReadyAndTheShutdownDrain() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ServingGate.class)
				.hasSingleBean(ApplicationStateListener.class)
				.hasSingleBean(ShutdownDrain.class)
				.doesNotHaveBean(HealthCheck.class)
				.doesNotHaveBean(HealthPoller.class);
			ServingGate gate = context.getBean(ServingGate.class);
			assertThat(gate.whenClosed()).isEqualTo(WhenClosed.REFUSED);
			assertThat(gate.isOpen()).as("before the application is ready").isFalse();
		});
	}

	/**
	 * Clients of every zone hold answers for its TTL: the drain waits for the longest. (The bean
	 * is made from the bound properties, not closed with a context: that would wait the drain.)
	 */
	@Test
	void theShutdownDrainDefaultsToTheLongestTtlOfAnyZone() {
		ApplicationContextRunner properties = new ApplicationContextRunner()
			.withUserConfiguration(SelfDnsPropertiesConfiguration.class);
		properties
			.withPropertyValues("selfdns.addresses=192.0.2.1", "selfdns.zones[0].zone=www.example.com",
					"selfdns.zones[0].name-servers=ns1.example.net", "selfdns.zones[1].zone=api.example.org",
					"selfdns.zones[1].name-servers=ns1.example.net", "selfdns.zones[1].ttl=45s")
			.run((context) -> assertThat(drainOf(context.getBean(SelfDnsProperties.class)))
				.isEqualTo(Duration.ofSeconds(45)));
		properties
			.withPropertyValues("selfdns.addresses=192.0.2.1", "selfdns.zone=www.example.com",
					"selfdns.name-servers=ns1.example.net", "selfdns.ttl=20s")
			.run((context) -> assertThat(drainOf(context.getBean(SelfDnsProperties.class))).as("one zone: its TTL")
				.isEqualTo(Duration.ofSeconds(20)));
	}

	private static Duration drainOf(SelfDnsProperties properties) {
		return new SelfDnsGateAutoConfiguration()
			.selfDnsShutdownDrain(new ServingGate(WhenClosed.REFUSED, false), properties)
			.drain();
	}

	@Test
	void withHealthTheGateWaitsForAReadingTakenAfterReady() {
		this.withHealth.withBean("db", HealthIndicator.class, () -> () -> Health.up().build()).run((context) -> {
			assertThat(context).hasSingleBean(HealthCheck.class).hasSingleBean(HealthPoller.class);
			ServingGate gate = context.getBean(ServingGate.class);
			gate.applicationReady();
			assertThat(gate.isOpen()).as("no reading since ready").isFalse();
			context.getBean(HealthPoller.class).poll();
			assertThat(gate.isOpen()).as(gate.state().detail()).isTrue();
		});
	}

	@Test
	void switchedOffWithSelfdns() {
		this.withHealth.withPropertyValues("selfdns.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ServingGate.class)
				.doesNotHaveBean(HealthPoller.class));
	}

	@Test
	void withoutSpringBootHealthOnlyReadinessGates() {
		this.withHealth.withClassLoader(new FilteredClassLoader(HealthContributorRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ServingGate.class)
				.doesNotHaveBean(HealthCheck.class));
	}

	@Test
	void withoutActuatorAtAllTheGateStillWorks() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
				"org.springframework.boot.health", "io.micrometer"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ServingGate.class);
				context.getBean(ServingGate.class).applicationReady();
				assertThat(context.getBean(ServingGate.class).isOpen()).isTrue();
			});
	}

	@Test
	void theUsersBeansWin() {
		ServingGate gate = new ServingGate(WhenClosed.DROP, false);
		this.withHealth.withBean("myGate", ServingGate.class, () -> gate)
			.withBean("myListener", ApplicationStateListener.class, () -> new ApplicationStateListener(gate, null))
			.withBean("myDrain", ShutdownDrain.class, () -> new ShutdownDrain(gate, Duration.ZERO, 0))
			.withBean("myCheck", HealthCheck.class, () -> () -> new HealthVerdict(HealthVerdict.UP, "mine"))
			.withBean("myPoller", HealthPoller.class,
					() -> new HealthPoller(new SelfDnsScheduler(), () -> new HealthVerdict(HealthVerdict.UP, "mine"), gate, Duration.ofSeconds(1),
							Duration.ofSeconds(1), 0))
			.run((context) -> {
				assertThat(context.getBeanNamesForType(ServingGate.class)).containsExactly("myGate");
				assertThat(context.getBeanNamesForType(ApplicationStateListener.class)).containsExactly("myListener");
				assertThat(context.getBeanNamesForType(ShutdownDrain.class)).containsExactly("myDrain");
				assertThat(context.getBeanNamesForType(HealthCheck.class)).containsExactly("myCheck");
				assertThat(context.getBeanNamesForType(HealthPoller.class)).containsExactly("myPoller");
			});
	}

	@Test
	void badValuesFailStartupNamingThePropertyAndTheFix() {
		this.runner.withPropertyValues("selfdns.gate.poll-interval=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(SelfDnsAutoConfigurationTests.report(context.getStartupFailure()))
				.anySatisfy((line) -> assertThat(line).startsWith("selfdns.gate.poll-interval")
					.contains("longer than zero"));
		});
		this.withHealth.withPropertyValues("selfdns.gate.health-group=nonesuch").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(SelfDnsAutoConfigurationTests.report(context.getStartupFailure()))
				.anySatisfy((line) -> assertThat(line).startsWith("selfdns.gate.health-group"));
		});
	}

}
