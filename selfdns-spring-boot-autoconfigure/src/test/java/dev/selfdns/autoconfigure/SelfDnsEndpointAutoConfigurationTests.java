package dev.selfdns.autoconfigure;

import dev.selfdns.TestServers;
import dev.selfdns.actuate.SelfDnsEndpoint;
import dev.selfdns.actuate.SelfDnsEndpointWebExtension;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.query.ServedZones;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.server.DnsServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfDnsEndpointAutoConfiguration}.
 */
class SelfDnsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = TestServers.runner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class));

	@Test
	void theEndpointExistsOnceExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(SelfDnsEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=selfdns").run((context) -> {
			assertThat(context).hasSingleBean(SelfDnsEndpoint.class);
			assertThat(context.getBean(SelfDnsEndpoint.class).status().zone()).isEqualTo("www.example.com.");
		});
	}

	@Test
	void theEndpointShowsTheZoneInForceAfterASwap() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=selfdns").run((context) -> {
			AnswerTable table = context.getBean(AnswerTable.class);
			table.publish(table.zone()
				.withIdentity(new dev.selfdns.zone.HostIdentity(
						java.util.List.of(java.net.InetAddress.getByName("192.0.2.99")), null, null)));
			assertThat(context.getBean(SelfDnsEndpoint.class).status().addresses()).containsExactly("192.0.2.99");
		});
	}

	@Test
	void overHttpABadRequestGetsItsReasonAndChangesNothing() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=selfdns").run((context) -> {
			SelfDnsEndpointWebExtension web = context.getBean(SelfDnsEndpointWebExtension.class);
			WebEndpointResponse<Object> unknown = web.change("reboot", null);
			assertThat(unknown.getStatus()).isEqualTo(400);
			assertThat(unknown.getBody()).isInstanceOfSatisfying(SelfDnsEndpointWebExtension.Problem.class,
					(problem) -> assertThat(problem.detail()).isEqualTo("Unknown action 'reboot': use 'drain' or 'resume'"));
			assertThat(web.change(null, "why").getStatus()).isEqualTo(400);
			WebEndpointResponse<Object> retire = web.change("retire", null);
			assertThat(retire.getStatus()).as("retire without registration").isEqualTo(400);
			assertThat(retire.getBody()).isInstanceOfSatisfying(SelfDnsEndpointWebExtension.Problem.class,
					(problem) -> assertThat(problem.detail()).contains("selfdns.registration.enabled=true"));
			assertThat(context.getBean(ServingGate.class).state().reason()).isNotEqualTo(dev.selfdns.gate.GateReason.DRAINED);
			assertThat(context.getBean(ServingGate.class).state().detail()).isNotEqualTo("drained by an operator: why");
			assertThat(web.change("drain", "why").getStatus()).isEqualTo(200);
			assertThat(context.getBean(ServingGate.class).state().detail()).isEqualTo("drained by an operator: why");
		});
	}

	@Test
	void switchedOffWithSelfdns() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=selfdns", "selfdns.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SelfDnsEndpoint.class));
	}

	@Test
	void withoutActuatorThereIsNoEndpointAndTheServerRuns() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=selfdns")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SelfDnsEndpoint.class)
				.hasSingleBean(DnsServer.class));
	}

	@Test
	void theUsersBeanWins() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=selfdns")
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> assertThat(context.getBeanNamesForType(SelfDnsEndpoint.class))
				.containsExactly("myEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		SelfDnsEndpoint myEndpoint(ServedZones zones, ServingGate gate, DnsServer server, QueryCounters counters) {
			return new SelfDnsEndpoint(zones, gate, server, counters, null, null, null, null,
					SelfDnsEndpoint.ZoneWork.NONE);
		}

	}

}
