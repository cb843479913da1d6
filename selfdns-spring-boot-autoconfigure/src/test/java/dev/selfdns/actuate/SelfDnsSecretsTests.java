package dev.selfdns.actuate;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which keys selfdns masks in the {@code env} and {@code configprops} endpoints: its secrets, in
 * every form Boot binds them from, and nothing else.
 */
class SelfDnsSecretsTests {

	@Test
	void onlySelfdnsSecretsAreMatched() {
		Map.of("selfdns.cookies.secret", true, "SELFDNS_REGISTRATION_KEY_SECRET", true,
				"selfdns.zones[1].registration.key.secret", true, "selfdns.dnssec.keys[0].private-key", true,
				"selfdns.dnssec.keys[0].privateKey", true, "SELFDNS_DNSSEC_KEYS_0_PRIVATE_KEY", true,
				"selfdns.zone", false, "selfdns.registration.key.name", false, "spring.security.user.password", false)
			.forEach((key, secret) -> assertThat(SelfDnsSecrets.isSecret(key)).as(key).isEqualTo(secret));
	}

}
