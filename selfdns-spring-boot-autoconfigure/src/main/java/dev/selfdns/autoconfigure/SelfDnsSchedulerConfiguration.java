package dev.selfdns.autoconfigure;

import dev.selfdns.schedule.SelfDnsScheduler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads of all periodic work of every zone: probes, registration, the parents' NS sets,
 * janitors, health, signing, address discovery and shaping. Imported by each auto-configuration
 * that schedules work, so each stands alone.
 */
@Configuration(proxyBeanMethods = false)
class SelfDnsSchedulerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SelfDnsScheduler selfDnsScheduler() {
		return new SelfDnsScheduler();
	}

}
