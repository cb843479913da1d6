package dev.selfdns.autoconfigure;

import java.util.Map;

import dev.selfdns.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A misspelt {@code selfdns.*} key fails start-up, naming it and the setting it most likely
 * meant, instead of leaving the host on a default nobody chose.
 */
@ExtendWith(OutputCaptureExtension.class)
class SelfDnsKeyCheckTests {

	@Test
	void aMisspeltKeyFailsStartUpNamingTheNearestKnownOne() {
		TestServers.runner()
			.withPropertyValues("selfdns.gate.health-grup=web", "selfdns.ttll=20s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(UnknownSelfDnsPropertiesException.class)
				.hasMessageContaining("selfdns.gate.health-grup")
				.hasMessageContaining("did you mean selfdns.gate.health-group?")
				.hasMessageContaining("selfdns.ttll")
				.hasMessageContaining("did you mean selfdns.ttl?"));
	}

	@Test
	void aZonesMisspeltKeyIsMatchedUnderThatZone() {
		TestServers.runner()
			.withPropertyValues("selfdns.zone=", "selfdns.name-servers=", "selfdns.zones[0].zone=www.example.com",
					"selfdns.zones[0].name-servers=ns1.example.net", "selfdns.zones[1].zone=api.example.org",
					"selfdns.zones[1].name-servers=ns1.example.net", "selfdns.zones[1].wildcrad=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("selfdns.zones[1].wildcrad")
				.hasMessageContaining("did you mean selfdns.zones[1].wildcard?"));
	}

	@Test
	void knownKeysAndOtherToolsEnvironmentVariablesStart() {
		TestServers.runner()
			.withPropertyValues("selfdns.gate.health-group=", "selfdns.shaping.signals[0].meter=process.cpu.usage",
					"selfdns.shaping.signals[0].tags.area=heap", "selfdns.shaping.signals[0].low=0.5",
					"selfdns.shaping.signals[0].high=0.9", "selfdns.records[0]=@ TXT \"v=1\"")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
						Map.of("SELFDNS_LAB_KEEP", "1", "SELFDNS_VERSION", "0.1.0"))))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theFailureAnalysisListsEveryUnknownKeyWithWhereItWasSet(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties("selfdns.zone=www.example.com", "selfdns.addresses=192.0.2.1",
					"selfdns.name-servers=ns1.example.net", "selfdns.listen.address=127.0.0.1",
					"selfdns.listen.port=0", "selfdns.gate.health-grup=web", "selfdns.something=else")
			.run()
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("selfdns does not know these settings, so they would be ignored:")
			.contains("- selfdns.gate.health-grup")
			.contains("did you mean selfdns.gate.health-group?")
			.contains("- selfdns.something");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class })
	static class Application {

	}

}
