package dev.selfdns.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.selfdns.dnssec.DnssecSigning;
import dev.selfdns.dnssec.DnssecSignings;
import dev.selfdns.dnssec.FleetKeyCheck;
import dev.selfdns.dnssec.KeySet;
import dev.selfdns.dnssec.SignatureRefresher;
import dev.selfdns.dnssec.SignatureRefreshers;
import dev.selfdns.dnssec.ZoneSigner;
import dev.selfdns.parent.ParentConnection;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.ServedZones;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.server.DnsServer;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.ServiceZone;
import org.xbill.DNS.Name;

import org.springframework.beans.factory.ObjectProvider;
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
 * signatures expire, and the clock rule that closes the gate while they are not valid. With
 * several zones, each zone has all of this for itself, with its own gate.
 */
@AutoConfiguration(after = { SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class })
@ConditionalOnBooleanProperty("selfdns.dnssec.enabled")
@Import({ SelfDnsPropertiesConfiguration.class, SelfDnsSchedulerConfiguration.class })
public final class SelfDnsDnssecAutoConfiguration {

	/** The clock rule and the refresh are checked this often: cheap, and a minute is soon enough. */
	static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

	/**
	 * Every zone is signed with its own key set (the same keys, by default). A zone bean of the
	 * user's, without selfdns.zone, is signed under its own name.
	 */
	@Bean
	@ConditionalOnMissingBean
	DnssecSignings selfDnsDnssecSignings(SelfDnsProperties properties, ObjectProvider<ServiceZone> usersZone) {
		Map<Name, DnssecSigning> signings = new LinkedHashMap<>();
		for (int i = 0; i < properties.zoneCount(); i++) {
			Name origin = properties.zoneSettings(i).getZone();
			// Read only without selfdns.zone: the zone built from the properties asks for these signings.
			Name zone = (origin != null) ? origin : usersZone.getObject().origin();
			signings.put(zone, signing(properties, i, zone));
		}
		return new DnssecSignings(signings);
	}

	/** Every signed zone's refresh, clock rule and fleet check, acting on its own gate. */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ ServedZones.class, DnsServer.class })
	SignatureRefreshers selfDnsSignatureRefreshers(SelfDnsScheduler scheduler, ServedZones zones,
			DnssecSignings signings, DnsServer server, SelfDnsProperties properties) {
		Map<Name, SignatureRefresher> refreshers = new LinkedHashMap<>();
		for (int i = 0; i < zones.tables().size(); i++) {
			AnswerTable answers = zones.tables().get(i);
			DnssecSigning signing = signings.of(answers.zone().origin());
			if (signing == null) {
				continue;
			}
			SignatureRefresher refresher = refresher(scheduler, signing, answers, zones.gates().get(i), properties);
			refresher.setFleetCheck(keyCheck(signing, answers, server, properties, i));
			refreshers.put(answers.zone().origin(), refresher);
		}
		return new SignatureRefreshers(refreshers, DnsServer.PHASE - 1);
	}

	private static DnssecSigning signing(SelfDnsProperties properties, int index, Name origin) {
		SelfDnsProperties.Dnssec dnssec = properties.zoneDnssec(index);
		KeySet keys;
		try {
			keys = DnssecKeys.keySet(dnssec, origin, properties.zoneDnssecSetting(index));
		}
		catch (IllegalArgumentException ex) {
			// Only a user's own zone bean gets here: the properties' zone was checked when bound.
			throw new InvalidConfigurationPropertyValueException(properties.zoneDnssecSetting(index) + ".keys",
					"(not shown)", ex.getMessage());
		}
		return new DnssecSigning(new ZoneSigner(keys, dnssec.getSignatureValidity(),
				dnssec.getSignatureInceptionOffset(), Clock.systemUTC()), keys);
	}

	private static SignatureRefresher refresher(SelfDnsScheduler scheduler, DnssecSigning signing, AnswerTable answers, ServingGate gate,
			SelfDnsProperties properties) {
		SignatureRefresher refresher = new SignatureRefresher(scheduler, signing, answers, gate,
				properties.getDnssec().getRefreshBefore(), CHECK_INTERVAL, Clock.systemUTC(), DnsServer.PHASE - 1);
		// The clock rule holds from the first query on, not from the first check.
		refresher.check();
		return refresher;
	}

	private static FleetKeyCheck keyCheck(DnssecSigning signing, AnswerTable answers, DnsServer server,
			SelfDnsProperties properties, int index) {
		SelfDnsProperties.Peers peers = properties.getPeers();
		// A zone delegated by another served here has its DS there, from the same keys: nothing to check.
		List<ServerAddress> parents = (properties.enclosingZone(index) < 0) ? properties.zonePeerServers(index)
				: List.of();
		ServerAddress parent = parents.isEmpty() ? null : parents.get(0);
		return new FleetKeyCheck(answers, signing.keys(),
				() -> (peers.getPort() != null) ? peers.getPort() : server.getPort(),
				(parent != null) ? new ParentConnection(parent.toSocketAddress(), null,
						SelfDnsFleetAutoConfiguration.PARENT_TIMEOUT, Clock.systemUTC()) : null);
	}

}
