package dev.selfdns.autoconfigure;

import java.util.Locale;

import dev.selfdns.actuate.SelfDnsEndpoint;
import dev.selfdns.actuate.SelfDnsEndpointWebExtension;
import dev.selfdns.dnssec.SignatureRefreshers;
import dev.selfdns.peers.PeerProbers;
import dev.selfdns.registration.SelfRegistrations;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.query.ServedZones;
import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.server.DelayedAnswers;
import dev.selfdns.server.DnsServer;
import dev.selfdns.shaping.LoadShaper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code selfdns} actuator endpoint, where actuator is present and
 * the endpoint is exposed.
 */
@AutoConfiguration(after = { SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class,
		SelfDnsFleetAutoConfiguration.class, SelfDnsDnssecAutoConfiguration.class,
		SelfDnsProtectionAutoConfiguration.class, SelfDnsShapingAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(DnsServer.class)
public final class SelfDnsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(SelfDnsEndpoint.class)
	SelfDnsEndpoint selfDnsEndpoint(ServedZones zones, ServingGate gate, DnsServer server, QueryCounters counters,
			ObjectProvider<LoadShaper> shaper, ObjectProvider<DelayedAnswers> delayed,
			ObjectProvider<ResponseRateLimiter> limiter, ObjectProvider<ServerCookies> cookies,
			ObjectProvider<PeerProbers> peers, ObjectProvider<SelfRegistrations> registrations,
			ObjectProvider<SignatureRefreshers> signatures, SelfDnsProperties properties) {
		SelfDnsEndpoint.ZoneWork work = new SelfDnsEndpoint.ZoneWork(peers.getIfAvailable(),
				registrations.getIfAvailable(), signatures.getIfAvailable(),
				properties.getDnssec().getMode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
		return new SelfDnsEndpoint(zones, gate, server, counters, shaper.getIfAvailable(), delayed.getIfAvailable(),
				limiter.getIfAvailable(), cookies.getIfAvailable(), work);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SelfDnsEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = SelfDnsEndpoint.class, exposure = EndpointExposure.WEB)
	SelfDnsEndpointWebExtension selfDnsEndpointWebExtension(SelfDnsEndpoint endpoint) {
		return new SelfDnsEndpointWebExtension(endpoint);
	}

}
