package dev.selfdns.autoconfigure;

import dev.selfdns.actuate.SelfDnsSecrets;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Keeps selfdns's secrets (the cookie secret, TSIG secrets, DNSSEC private keys) out of the
 * {@code env} and {@code configprops} endpoints even where an app shows their values.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class SelfDnsSanitizingAutoConfiguration {

	@Bean
	SelfDnsSecrets selfDnsSecrets() {
		return new SelfDnsSecrets();
	}

}
