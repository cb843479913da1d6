package dev.selfdns.autoconfigure;

import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.net.ResolverNetworks;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of what protects the server and others: DNS cookies and response rate
 * limiting, both on by default.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "selfdns.enabled", matchIfMissing = true)
@Import(SelfDnsPropertiesConfiguration.class)
public final class SelfDnsProtectionAutoConfiguration {

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

}
