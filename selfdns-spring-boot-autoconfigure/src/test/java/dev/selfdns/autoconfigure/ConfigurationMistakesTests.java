package dev.selfdns.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.selfdns.registration.Registrar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A failed start lists every mistake of the configuration at once, as the application's
 * start-up report shows it: each setting under the name it is written with, its value as
 * written, where it was set, and the fix. Before, one start showed one mistake, nested settings
 * under field names ({@code selfdns.gate.failOpen.after}, {@code PT0S}) and without their origin,
 * and registration's settings one restart at a time.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationMistakesTests {

	@TempDir
	Path directory;

	@Test
	void registrationOnAndNothingElseListsEverySettingMissingInOneStart(CapturedOutput output) {
		start("selfdns.registration.enabled=true");
		assertThat(output).contains("selfdns found 5 mistakes in its configuration")
			.contains("Property: selfdns.zone")
			.contains("Property: selfdns.addresses")
			.contains("Property: selfdns.name-servers")
			.contains("Property: selfdns.registration.server")
			.contains("Property: selfdns.registration.key.secret")
			.contains("e.g. from the environment as SELFDNS_REGISTRATION_KEY_SECRET");
	}

	@Test
	void eachMistakeIsNamedAsWrittenWithItsValueAndWhereItWasSet(CapturedOutput output) throws Exception {
		Path file = this.directory.resolve("application.properties");
		Files.writeString(file, """
				selfdns.zone=www.example.com
				selfdns.addresses=192.0.2.1
				selfdns.name-servers=ns1-www.example.com
				selfdns.peers.refresh-interval=0s
				selfdns.peers.probe-interval=1s
				selfdns.gate.fail-open.after=1500ms
				selfdns.soa.negative-ttl=-5s
				selfdns.ttl=1500ms
				""");
		start("spring.config.location=file:" + file);
		assertThat(output).contains("selfdns found 4 mistakes in its configuration")
			.contains("Property: selfdns.peers.refresh-interval")
			.contains("Value: \"0s\"")
			.contains("Origin: URL [file:" + file + "] - 4:")
			.contains("Property: selfdns.soa.negative-ttl")
			.contains("a TTL cannot be negative")
			.contains("Property: selfdns.ttl")
			.contains("DNS TTLs are whole seconds")
			.contains("Property: selfdns.gate.fail-open.after")
			.contains("Value: \"1500ms\"")
			.contains("must be at least twice selfdns.peers.probe-interval")
			.doesNotContain("failOpen")
			.doesNotContain("PT0S");
	}

	@Test
	void aUsersRegistrarNeedsNoServerOrKeyAndTheSecretIsNeverShown(CapturedOutput output) {
		start(WithRegistrar.class, "selfdns.zone=www.example.com", "selfdns.addresses=192.0.2.1", "selfdns.name-servers=ns1-www.example.com",
				"selfdns.registration.enabled=true", "selfdns.registration.name-server=ns1-www.example.com",
				"selfdns.registration.key.secret=not base64!",
				"selfdns.listen.port=-1");
		assertThat(output).contains("selfdns found 2 mistakes in its configuration")
			.contains("Property: selfdns.registration.key.secret")
			.contains("Property: selfdns.listen.port")
			.doesNotContain("not base64!");
	}

	private static void start(String... properties) {
		start(Host.class, properties);
	}

	private static void start(Class<?> host, String... properties) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(host).web(WebApplicationType.NONE)
			.properties("selfdns.listen.port=0", "selfdns.listen.address=127.0.0.1")
			.properties(properties)
			.run()
			.close());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Host {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WithRegistrar {

		@Bean
		Registrar managedDns() {
			return new SelfDnsFleetAutoConfigurationTests.ManagedDns();
		}

	}

}
