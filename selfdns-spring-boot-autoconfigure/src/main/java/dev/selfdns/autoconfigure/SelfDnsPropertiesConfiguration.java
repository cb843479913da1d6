package dev.selfdns.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The {@code selfdns.*} properties and the converters that bind their names, addresses and
 * name-server entries. Imported by every selfdns auto-configuration, so each stands alone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SelfDnsProperties.class)
class SelfDnsPropertiesConfiguration {

	/** A misspelt selfdns.* key fails start-up, before anything is served on a default. */
	@Bean
	static SmartInitializingSingleton selfDnsKeyCheck(ConfigurableEnvironment environment,
			IpLiteralConverter addresses, HostNameConverter names, NameServerConverter nameServers,
			ServerAddressConverter servers) {
		// The converters the properties bind with, so the check binds them as the real binding does.
		SelfDnsKeyCheck.check(environment, List.of(addresses, names, nameServers, servers));
		return () -> {
		};
	}

	@Bean
	@ConfigurationPropertiesBinding
	@ConditionalOnMissingBean
	static IpLiteralConverter selfDnsIpLiteralConverter() {
		return new IpLiteralConverter();
	}

	@Bean
	@ConfigurationPropertiesBinding
	@ConditionalOnMissingBean
	static HostNameConverter selfDnsHostNameConverter() {
		return new HostNameConverter();
	}

	@Bean
	@ConfigurationPropertiesBinding
	@ConditionalOnMissingBean
	static NameServerConverter selfDnsNameServerConverter() {
		return new NameServerConverter();
	}

	@Bean
	@ConfigurationPropertiesBinding
	@ConditionalOnMissingBean
	static ServerAddressConverter selfDnsServerAddressConverter() {
		return new ServerAddressConverter();
	}

}
