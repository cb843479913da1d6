package dev.selfdns.autoconfigure;

import dev.selfdns.TestServers;
import dev.selfdns.actuate.SelfDnsHealthIndicator;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfDnsHealthContributorAutoConfiguration}.
 */
class SelfDnsHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = TestServers.runner();

	@Test
	void theComponentSaysWhetherTheHostAnswers() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("selfdnsHealthIndicator");
			HealthIndicator indicator = context.getBean("selfdnsHealthIndicator", HealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			assertThat(indicator.health().getDetails()).containsEntry("answering", false);
			context.getBean(ServingGate.class).applicationReady();
			assertThat(indicator.health().getDetails()).containsEntry("answering", true);
		});
	}

	@Test
	void switchedOffByItsPropertyOrWithSelfdns() {
		for (String off : new String[] { "management.health.selfdns.enabled=false", "selfdns.enabled=false" }) {
			this.runner.withPropertyValues(off)
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SelfDnsHealthIndicator.class));
		}
	}

	@Test
	void withoutSpringBootHealthThereIsNoComponentAndTheServerRuns() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SelfDnsHealthIndicator.class)
				.hasSingleBean(DnsServer.class));
	}

	@Test
	void theUsersBeanWins() {
		this.runner.withBean("selfdnsHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> {
				assertThat(context.getBeanNamesForType(HealthIndicator.class)).containsExactly("selfdnsHealthIndicator");
				assertThat(context).doesNotHaveBean(SelfDnsHealthIndicator.class);
			});
	}

}
