package dev.selfdns.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A wrong cookie secret fails start-up, and what Boot prints about it (the failure analysis,
 * the exception) names the property and the fix but never the value: a near miss of a real
 * secret must not land in a log.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretNeverShownTests {

	/** 31 hex digits: one short of a real secret. */
	private static final String NEAR_MISS = "e5e973e5a6b2a43f48e7dc849e37bfc";

	@Test
	void aWrongCookieSecretIsNamedButNeverPrinted(CapturedOutput output) {
		assertNamedButNeverPrinted(output, NEAR_MISS, "selfdns.cookies.secret must be 32 hex digits",
				"selfdns.zone=www.example.com", "selfdns.addresses=192.0.2.1", "selfdns.name-servers=ns1.example.net",
				"selfdns.cookies.secret=" + NEAR_MISS);
	}

	/** Base64 of 31 bytes: one short of an hmac-sha256 key's secret. */
	private static final String TSIG_NEAR_MISS = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZw==";

	@Test
	void aWrongTsigSecretIsNamedButNeverPrinted(CapturedOutput output) {
		assertNamedButNeverPrinted(output, TSIG_NEAR_MISS,
				"selfdns.registration.key.secret is 31 bytes, at least 32 are needed", "selfdns.zone=www.example.com",
				"selfdns.addresses=192.0.2.1", "selfdns.name-servers=h1.ns-www.example.com",
				"selfdns.registration.enabled=true", "selfdns.registration.server=127.0.0.1:5300",
				"selfdns.registration.name-server=h1.ns-www.example.com",
				"selfdns.registration.key.secret=" + TSIG_NEAR_MISS);
	}

	@Test
	void aZonesWrongTsigSecretIsNamedButNeverPrinted(CapturedOutput output) {
		assertNamedButNeverPrinted(output, TSIG_NEAR_MISS,
				"selfdns.zones[1].registration.key.secret is 31 bytes, at least 32 are needed",
				"selfdns.addresses=192.0.2.1", "selfdns.zones[0].zone=www.example.com",
				"selfdns.zones[0].name-servers=h1.ns-www.example.com", "selfdns.zones[1].zone=api.example.com",
				"selfdns.zones[1].name-servers=h1.ns-api.example.com", "selfdns.registration.enabled=true",
				"selfdns.registration.server=127.0.0.1:5300",
				"selfdns.registration.key.secret=3WC+AuqQAvo9LLNNgcd2jZg1UqxDlfIV5J296ErezhA=",
				"selfdns.zones[1].registration.key.secret=" + TSIG_NEAR_MISS);
	}

	/** Start-up fails, naming the setting in Boot's report, and no message or line holds the secret. */
	private static void assertNamedButNeverPrinted(CapturedOutput output, String secret, String reported,
			String... properties) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.properties("selfdns.listen.address=127.0.0.1", "selfdns.listen.port=0")
			.run()
			.close())
			.satisfies((ex) -> {
				for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
					assertThat(String.valueOf(cause.getMessage())).doesNotContain(secret);
				}
			});
		assertThat(output).contains("APPLICATION FAILED TO START").contains(reported).doesNotContain(secret);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class,
			SelfDnsProtectionAutoConfiguration.class, SelfDnsFleetAutoConfiguration.class })
	static class Application {

	}

}
