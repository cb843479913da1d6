package dev.selfdns.autoconfigure;

import dev.selfdns.actuate.SelfDnsEndpoint;
import dev.selfdns.actuate.SelfDnsEndpointWebExtension;
import dev.selfdns.dnssec.DnssecSigning;
import dev.selfdns.dnssec.FleetKeyCheck;
import dev.selfdns.dnssec.SignatureRefresher;
import dev.selfdns.dnssec.ZoneSignatures;
import dev.selfdns.fleet.PeerProber;
import dev.selfdns.fleet.SelfRegistration;
import dev.selfdns.fleet.ZoneFleets;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.metrics.QueryCounters;
import dev.selfdns.query.ServedZones;
import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.server.DelayedAnswers;
import dev.selfdns.server.DnsServer;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.wire.AnswerTable;

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
	SelfDnsEndpoint selfDnsEndpoint(AnswerTable answers, ServingGate gate, DnsServer server, QueryCounters counters,
			ObjectProvider<LoadShaper> shaper, ObjectProvider<DelayedAnswers> delayed,
			ObjectProvider<ResponseRateLimiter> limiter, ObjectProvider<ServerCookies> cookies,
			ObjectProvider<PeerProber> peers, ObjectProvider<SelfRegistration> registration,
			ObjectProvider<DnssecSigning> dnssec, ObjectProvider<SignatureRefresher> refresher,
			ObjectProvider<FleetKeyCheck> keyCheck, ObjectProvider<ServedZones> zones,
			ObjectProvider<ZoneFleets> zoneFleets, ObjectProvider<ZoneSignatures> zoneSignatures,
			SelfDnsProperties properties) {
		SelfDnsEndpoint endpoint = new SelfDnsEndpoint(answers, gate, server, counters, shaper.getIfAvailable(),
				delayed.getIfAvailable(), limiter.getIfAvailable(), cookies.getIfAvailable());
		endpoint.setPeers(peers.getIfAvailable());
		endpoint.setRegistration(registration.getIfAvailable());
		endpoint.setDnssec(dnssec.getIfAvailable(), refresher.getIfAvailable(),
				properties.getDnssec().getMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		endpoint.setKeyCheck(keyCheck.getIfAvailable());
		endpoint.setZones(zones.getIfAvailable());
		endpoint.setZoneWork(zoneFleets.getIfAvailable(), zoneSignatures.getIfAvailable());
		return endpoint;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SelfDnsEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = SelfDnsEndpoint.class, exposure = EndpointExposure.WEB)
	SelfDnsEndpointWebExtension selfDnsEndpointWebExtension(SelfDnsEndpoint endpoint) {
		return new SelfDnsEndpointWebExtension(endpoint);
	}

}
