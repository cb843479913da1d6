package dev.selfdns.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.selfdns.dnssec.DnssecSigning;
import dev.selfdns.dnssec.FleetKeyCheck;
import dev.selfdns.dnssec.KeySet;
import dev.selfdns.dnssec.SignatureRefresher;
import dev.selfdns.dnssec.ZoneSignature;
import dev.selfdns.dnssec.ZoneSignatures;
import dev.selfdns.dnssec.ZoneSigner;
import dev.selfdns.dnssec.ZoneSignings;
import dev.selfdns.fleet.ParentConnection;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.ServedZones;
import dev.selfdns.schedule.LifecycleGroup;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.server.DnsServer;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.ServiceZone;
import org.xbill.DNS.Name;

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

	@Bean
	@ConditionalOnMissingBean
	DnssecSigning selfDnsDnssecSigning(SelfDnsProperties properties, ServiceZone zone) {
		return signing(properties, 0, zone.origin());
	}

	/** Each other zone of selfdns.zones is signed with its own key set (the same keys, by default). */
	@Bean
	@ConditionalOnMissingBean
	ZoneSignings selfDnsZoneSignings(SelfDnsProperties properties) {
		List<DnssecSigning> signings = new ArrayList<>();
		for (int i = 1; i < properties.zoneCount(); i++) {
			signings.add(signing(properties, i, Objects.requireNonNull(properties.zoneSettings(i).getZone())));
		}
		return new ZoneSignings(signings);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ AnswerTable.class, ServingGate.class })
	SignatureRefresher selfDnsSignatureRefresher(SelfDnsScheduler scheduler, DnssecSigning signing, AnswerTable answers, ServingGate gate,
			SelfDnsProperties properties) {
		return refresher(scheduler, signing, answers, gate, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ SignatureRefresher.class, DnsServer.class })
	FleetKeyCheck selfDnsFleetKeyCheck(DnssecSigning signing, AnswerTable answers, DnsServer server,
			SelfDnsProperties properties, SignatureRefresher refresher) {
		return keyCheck(signing, answers, server, properties, 0, refresher);
	}

	/** Each other zone's refresh, clock rule and fleet check, acting on its own gate. */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ ServedZones.class, DnsServer.class })
	ZoneSignatures selfDnsZoneSignatures(SelfDnsScheduler scheduler, ServedZones zones, ZoneSignings signings, DnsServer server,
			SelfDnsProperties properties) {
		List<ZoneSignature> signatures = new ArrayList<>();
		for (int i = 1; i < zones.tables().size(); i++) {
			DnssecSigning signing = signings.zone(i);
			if (signing == null) {
				continue;
			}
			AnswerTable answers = zones.tables().get(i);
			SignatureRefresher refresher = refresher(scheduler, signing, answers, zones.gates().get(i), properties);
			signatures.add(new ZoneSignature(answers, signing, refresher,
					keyCheck(signing, answers, server, properties, i, refresher)));
		}
		return new ZoneSignatures(signatures);
	}

	@Bean
	LifecycleGroup selfDnsZoneSignatureLifecycle(ZoneSignatures signatures) {
		return new LifecycleGroup(signatures.refreshers(), DnsServer.PHASE - 1);
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
			SelfDnsProperties properties, int index, SignatureRefresher refresher) {
		SelfDnsProperties.Peers peers = properties.getPeers();
		// A zone delegated by another served here has its DS there, from the same keys: nothing to check.
		List<ServerAddress> parents = (properties.enclosingZone(index) < 0) ? properties.zonePeerServers(index)
				: List.of();
		ServerAddress parent = parents.isEmpty() ? null : parents.get(0);
		FleetKeyCheck check = new FleetKeyCheck(answers, signing.keys(),
				() -> (peers.getPort() != null) ? peers.getPort() : server.getPort(),
				(parent != null) ? new ParentConnection(parent.toSocketAddress(), null,
						SelfDnsFleetAutoConfiguration.PARENT_TIMEOUT, Clock.systemUTC()) : null);
		refresher.setFleetCheck(check);
		return check;
	}

}
