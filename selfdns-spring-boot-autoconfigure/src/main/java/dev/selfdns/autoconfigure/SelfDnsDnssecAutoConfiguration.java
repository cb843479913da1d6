package dev.selfdns.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import dev.selfdns.dnssec.DnssecSigning;
import dev.selfdns.dnssec.FleetKeyCheck;
import dev.selfdns.dnssec.KeySet;
import dev.selfdns.dnssec.SignatureRefresher;
import dev.selfdns.dnssec.ZoneSigner;
import dev.selfdns.fleet.ParentConnection;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.ServiceZone;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of DNSSEC ({@code selfdns.dnssec.enabled}): the zone's keys, its signing
 * ahead of time (the answer table signs every zone it prepares), the refresh before the
 * signatures expire, and the clock rule that closes the gate while they are not valid.
 */
@AutoConfiguration(after = { SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class })
@ConditionalOnBooleanProperty("selfdns.dnssec.enabled")
@Import(SelfDnsPropertiesConfiguration.class)
public final class SelfDnsDnssecAutoConfiguration {

	/** The clock rule and the refresh are checked this often: cheap, and a minute is soon enough. */
	static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

	@Bean
	@ConditionalOnMissingBean
	DnssecSigning selfDnsDnssecSigning(SelfDnsProperties properties, ServiceZone zone) {
		SelfDnsProperties.Dnssec dnssec = properties.getDnssec();
		KeySet keys;
		try {
			keys = DnssecKeys.keySet(dnssec, zone.origin());
		}
		catch (IllegalArgumentException ex) {
			// Only a user's own zone bean gets here: the properties' zone was checked when bound.
			throw new InvalidConfigurationPropertyValueException("selfdns.dnssec.keys", "(not shown)", ex.getMessage());
		}
		return new DnssecSigning(new ZoneSigner(keys, dnssec.getSignatureValidity(),
				dnssec.getSignatureInceptionOffset(), Clock.systemUTC()), keys);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ AnswerTable.class, ServingGate.class })
	SignatureRefresher selfDnsSignatureRefresher(DnssecSigning signing, AnswerTable answers, ServingGate gate,
			SelfDnsProperties properties) {
		SignatureRefresher refresher = new SignatureRefresher(signing, answers, gate,
				properties.getDnssec().getRefreshBefore(), CHECK_INTERVAL, Clock.systemUTC(), DnsServer.PHASE - 1);
		// The clock rule holds from the first query on, not from the first check.
		refresher.check();
		return refresher;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ SignatureRefresher.class, DnsServer.class })
	FleetKeyCheck selfDnsFleetKeyCheck(DnssecSigning signing, AnswerTable answers, DnsServer server,
			SelfDnsProperties properties, SignatureRefresher refresher) {
		SelfDnsProperties.Peers peers = properties.getPeers();
		ServerAddress parent = !peers.getServers().isEmpty() ? peers.getServers().get(0)
				: properties.getRegistration().getServer();
		FleetKeyCheck check = new FleetKeyCheck(answers, signing.keys(),
				() -> (peers.getPort() != null) ? peers.getPort() : server.getPort(),
				(parent != null) ? new ParentConnection(parent.toSocketAddress(), null,
						SelfDnsFleetAutoConfiguration.PARENT_TIMEOUT, Clock.systemUTC()) : null);
		refresher.setFleetCheck(check);
		return check;
	}

}
