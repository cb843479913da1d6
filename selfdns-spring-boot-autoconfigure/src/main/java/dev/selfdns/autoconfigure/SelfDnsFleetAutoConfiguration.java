package dev.selfdns.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.selfdns.fleet.AddressDiscovery;
import dev.selfdns.fleet.AddressDiscoveryMode;
import dev.selfdns.fleet.AddressSource;
import dev.selfdns.fleet.DelegationReader;
import dev.selfdns.fleet.InstanceMetadata;
import dev.selfdns.fleet.InterfaceAddresses;
import dev.selfdns.fleet.ParentConnection;
import dev.selfdns.fleet.ParentPeerSet;
import dev.selfdns.fleet.PeerJanitor;
import dev.selfdns.fleet.PeerProber;
import dev.selfdns.fleet.PeerProbers;
import dev.selfdns.fleet.Registrar;
import dev.selfdns.fleet.Rfc2136Registrar;
import dev.selfdns.fleet.SelfRegistration;
import dev.selfdns.fleet.TsigKey;
import dev.selfdns.fleet.ZoneFleet;
import dev.selfdns.fleet.ZoneFleets;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.ServedZones;
import dev.selfdns.schedule.LifecycleGroup;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.server.DnsServer;
import dev.selfdns.wire.AnswerTable;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the fleet: each host asks its peers for their state, so that a host
 * closed by health can fail open when no peer answers; with {@code selfdns.registration.enabled}
 * it keeps its own records in the parent zone (RFC 2136), and with
 * {@code selfdns.peers.source=parent} it serves the parent's NS set; with
 * {@code selfdns.address-discovery.mode} it follows its own addresses. Each zone of several
 * has all of this for itself.
 */
@AutoConfiguration(after = { SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class })
@ConditionalOnBean({ DnsServer.class, ServingGate.class })
@Import({ SelfDnsPropertiesConfiguration.class, SelfDnsSchedulerConfiguration.class })
public final class SelfDnsFleetAutoConfiguration {

	/** A round waits this long for its answers at most: peers answer in milliseconds or not at all. */
	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	/** One exchange with the parent's server; a primary answers an UPDATE in milliseconds. */
	static final Duration PARENT_TIMEOUT = Duration.ofSeconds(5);

	/** Stops before the shutdown drain begins, so deregistration comes first. */
	static final int REGISTRATION_PHASE = SelfDnsGateAutoConfiguration.SHUTDOWN_DRAIN_PHASE + 1;

	@Bean
	@ConditionalOnMissingBean
	PeerProber selfDnsPeerProber(SelfDnsScheduler scheduler, AnswerTable answers, ServingGate gate, DnsServer server,
			SelfDnsProperties properties, ServedZones zones, ObjectProvider<ParentPeerSet> peerSet) {
		PeerProber prober = prober(scheduler, answers, gate, server, properties);
		watch(prober, zones, answers, peerSet.getIfAvailable());
		return prober;
	}

	/** A probe from a host not in the NS set: read the parent now, it has just registered. */
	private static void watch(PeerProber prober, ServedZones zones, AnswerTable answers,
			@Nullable ParentPeerSet peerSet) {
		if (peerSet != null) {
			prober.watch(zones.callersOf(answers), peerSet::refreshSoon);
		}
	}

	/**
	 * A {@link Registrar} bean of the user's registers every zone, each with its own parent;
	 * without one, each zone speaks RFC 2136 to its own parent's primary.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("selfdns.registration.enabled")
	SelfRegistration selfDnsRegistration(SelfDnsScheduler scheduler, ObjectProvider<Registrar> registrar,
			AnswerTable answers, ServingGate gate, SelfDnsProperties properties,
			ObjectProvider<ParentPeerSet> peerSet) {
		return registration(scheduler, registrar.getIfAvailable(() -> registrar(properties, 0, answers)), answers,
				gate, properties, 0, peerSet.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "selfdns.peers.source", havingValue = "parent")
	ParentPeerSet selfDnsParentPeerSet(SelfDnsScheduler scheduler, AnswerTable answers,
			SelfDnsProperties properties) {
		return peerSet(scheduler, answers, properties, 0);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("selfdns.registration.janitor.enabled")
	@ConditionalOnBean(SelfRegistration.class)
	PeerJanitor selfDnsPeerJanitor(SelfDnsScheduler scheduler, PeerProber prober, SelfRegistration registration,
			AnswerTable answers, DnsServer server, SelfDnsProperties properties) {
		return janitor(scheduler, prober, registration, answers, server, properties);
	}

	/**
	 * Each other zone of selfdns.zones has the same fleet work as the first, for its own NS set,
	 * gate and parent: probes for its fail-open, and with the same settings on its registration,
	 * its NS set read from its parent and its janitor.
	 */
	@Bean
	@ConditionalOnMissingBean
	ZoneFleets selfDnsZoneFleets(SelfDnsScheduler scheduler, ServedZones zones, DnsServer server,
			SelfDnsProperties properties, ObjectProvider<Registrar> usersRegistrar) {
		List<ZoneFleet> fleets = new ArrayList<>();
		for (int i = 1; i < zones.tables().size(); i++) {
			AnswerTable answers = zones.tables().get(i);
			ServingGate gate = zones.gates().get(i);
			PeerProber prober = prober(scheduler, answers, gate, server, properties);
			// A zone inside another served here is delegated by that zone, not by a parent elsewhere.
			boolean delegatedHere = properties.enclosingZone(i) >= 0;
			ParentPeerSet peerSet = (properties.getPeers().getSource() == SelfDnsProperties.PeerSource.PARENT
					&& !delegatedHere) ? peerSet(scheduler, answers, properties, i) : null;
			SelfRegistration registration = null;
			PeerJanitor janitor = null;
			if (properties.getRegistration().isEnabled() && !delegatedHere) {
				int zone = i;
				Registrar registrar = usersRegistrar.getIfAvailable(() -> registrar(properties, zone, answers));
				registration = registration(scheduler, registrar, answers, gate, properties, i, peerSet);
				if (properties.getRegistration().getJanitor().isEnabled()) {
					janitor = janitor(scheduler, prober, registration, answers, server, properties);
				}
			}
			watch(prober, zones, answers, peerSet);
			fleets.add(new ZoneFleet(answers, prober, registration, peerSet, janitor));
		}
		return new ZoneFleets(fleets);
	}

	@Bean
	@ConditionalOnMissingBean
	PeerProbers selfDnsPeerProbers(PeerProber prober, ZoneFleets fleets) {
		return PeerProbers.of(prober, fleets);
	}

	@Bean
	LifecycleGroup selfDnsZoneFleetLifecycle(ZoneFleets fleets) {
		return new LifecycleGroup(fleets.periodic(), DnsServer.PHASE - 1);
	}

	@Bean
	LifecycleGroup selfDnsZoneRegistrationLifecycle(ZoneFleets fleets) {
		return new LifecycleGroup(fleets.registrations(), REGISTRATION_PHASE);
	}

	private static PeerProber prober(SelfDnsScheduler scheduler, AnswerTable answers, ServingGate gate, DnsServer server,
			SelfDnsProperties properties) {
		SelfDnsProperties.Peers peers = properties.getPeers();
		Duration timeout = (peers.getProbeInterval().compareTo(PROBE_TIMEOUT) < 0) ? peers.getProbeInterval()
				: PROBE_TIMEOUT;
		PeerProber prober = new PeerProber(scheduler, answers, gate, peers.getProbeInterval(),
				() -> (peers.getPort() != null) ? peers.getPort() : server.getPort(), timeout, Clock.systemUTC(),
				DnsServer.PHASE - 1);
		IpLiteral listen = properties.getListen().getAddress();
		if (listen != null && !listen.address().isAnyLocalAddress()) {
			// Probes come from the address the host answers on, so peers know whose they are.
			prober.sourceAddress(listen.address());
		}
		return prober;
	}

	private static Registrar registrar(SelfDnsProperties properties, int index, AnswerTable answers) {
		SelfDnsProperties.Registration registration = properties.zoneRegistration(index);
		ServerAddress server = registration.getServer();
		String zone = properties.zoneSetting(index);
		if (server == null) {
			throw new InvalidConfigurationPropertyValueException("selfdns.registration.server", "(unset)",
					"set it to the parent zone's primary, host[:port], e.g. 192.0.2.53 or ns.example.com:53"
							+ (zone.isEmpty() ? "" : " (or selfdns." + zone + "registration.server for "
									+ answers.zone().origin() + " alone)"));
		}
		TsigKey key = tsigKey(registration, nameServer(registration, answers, properties, index));
		if (key == null) {
			throw new InvalidConfigurationPropertyValueException("selfdns.registration.key.secret", "(unset)",
					"set the base64 secret of the TSIG key the parent's primary knows this host by, e.g. from "
							+ "the environment as SELFDNS_REGISTRATION_KEY_SECRET");
		}
		return new Rfc2136Registrar(new ParentConnection(server.toSocketAddress(), key, PARENT_TIMEOUT,
				Clock.systemUTC()), registration.getZone());
	}

	private static SelfRegistration registration(SelfDnsScheduler scheduler, Registrar registrar, AnswerTable answers, ServingGate gate,
			SelfDnsProperties properties, int index, @Nullable ParentPeerSet peerSet) {
		SelfDnsProperties.Registration registration = properties.zoneRegistration(index);
		SelfRegistration.Settings settings = new SelfRegistration.Settings(
				nameServer(registration, answers, properties, index), registration.getTtl().toSeconds(),
				registration.getReconcileInterval(), registration.getDeregister(),
				properties.getAddressDiscovery().getMode() != AddressDiscoveryMode.STATIC,
				registration.getMinNameServers());
		SelfRegistration selfRegistration = new SelfRegistration(scheduler, registrar, answers, gate, settings,
				Clock.systemUTC(), System::nanoTime, REGISTRATION_PHASE);
		if (peerSet != null) {
			// Serve the set this host just changed now, not at the next refresh.
			selfRegistration.onParentChange(peerSet::refreshSoon);
		}
		return selfRegistration;
	}

	private static ParentPeerSet peerSet(SelfDnsScheduler scheduler, AnswerTable answers, SelfDnsProperties properties, int index) {
		SelfDnsProperties.Registration registration = properties.zoneRegistration(index);
		List<DelegationReader> readers = new ArrayList<>();
		for (ServerAddress server : properties.zonePeerServers(index)) {
			// The registration's key only where it is known: the primary, not its secondaries.
			TsigKey key = server.equals(registration.getServer()) && registration.isEnabled()
					? tsigKey(registration, nameServer(registration, answers, properties, index)) : null;
			readers.add(new DelegationReader(
					new ParentConnection(server.toSocketAddress(), key, PARENT_TIMEOUT, Clock.systemUTC())));
		}
		return new ParentPeerSet(scheduler, readers, answers, properties.getPeers().getRefreshInterval(), DnsServer.PHASE - 1);
	}

	private static PeerJanitor janitor(SelfDnsScheduler scheduler, PeerProber prober,
			SelfRegistration registration, AnswerTable answers, DnsServer server, SelfDnsProperties properties) {
		SelfDnsProperties.Registration settings = properties.getRegistration();
		SelfDnsProperties.Peers peers = properties.getPeers();
		return new PeerJanitor(scheduler, prober, registration, registration.registrar(), answers, settings.getReconcileInterval(),
				settings.getJanitor().getGrace(), settings.getMinNameServers(),
				() -> (peers.getPort() != null) ? peers.getPort() : server.getPort(), Clock.systemUTC(),
				DnsServer.PHASE - 1);
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnAddressDiscoveryCondition.class)
	AddressSource selfDnsAddressSource(SelfDnsProperties properties) {
		SelfDnsProperties.AddressDiscovery discovery = properties.getAddressDiscovery();
		return switch (discovery.getMode()) {
			case INTERFACE -> new InterfaceAddresses(java.util.Objects.requireNonNull(discovery.getInterface()));
			case AWS -> new InstanceMetadata(InstanceMetadata.Cloud.AWS, discovery.getMetadataUrl());
			case GCP -> new InstanceMetadata(InstanceMetadata.Cloud.GCP, discovery.getMetadataUrl());
			case AZURE -> new InstanceMetadata(InstanceMetadata.Cloud.AZURE, discovery.getMetadataUrl());
			case STATIC -> throw new IllegalStateException("static addresses are not discovered");
		};
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(AddressSource.class)
	AddressDiscovery selfDnsAddressDiscovery(SelfDnsScheduler scheduler, AddressSource source, AnswerTable answers, SelfDnsProperties properties,
			ObjectProvider<SelfRegistration> registration, ObjectProvider<ServedZones> zones,
			ObjectProvider<ZoneFleets> fleets) {
		AddressDiscovery discovery = new AddressDiscovery(scheduler, source, answers,
				properties.getAddressDiscovery().getInterval(), DnsServer.PHASE - 1);
		ServedZones served = zones.getIfAvailable();
		if (served != null) {
			List<AnswerTable> followers = new ArrayList<>();
			for (int i = 1; i < served.tables().size(); i++) {
				if (properties.zoneSettings(i).getAddresses().isEmpty()) {
					followers.add(served.tables().get(i));
				}
			}
			discovery.alsoUpdate(followers);
		}
		// New addresses mean new glue in the parent: reconcile now, not in five minutes.
		registration.ifAvailable((selfRegistration) -> discovery.onChange(selfRegistration::reconcileSoon));
		fleets.ifAvailable((others) -> others.registrations()
			.forEach((selfRegistration) -> discovery.onChange(selfRegistration::reconcileSoon)));
		return discovery;
	}

	private static Name nameServer(SelfDnsProperties.Registration registration, AnswerTable answers,
			SelfDnsProperties properties, int index) {
		Name name = (registration.getNameServer() != null) ? registration.getNameServer()
				: answers.zone().ownNameServer();
		if (name == null) {
			String zone = properties.zoneSetting(index);
			String setting = (index == 0) ? "selfdns.registration.name-server"
					: "selfdns." + zone + "registration.name-server";
			throw new InvalidConfigurationPropertyValueException(setting, "(unset)",
					"set this host's name server name in " + answers.zone().origin() + ", e.g. h1.ns-"
							+ answers.zone().origin() + " (it cannot be found from selfdns." + zone
							+ "name-servers and the addresses)");
		}
		return name;
	}

	private static @Nullable TsigKey tsigKey(SelfDnsProperties.Registration registration, Name nameServer) {
		SelfDnsProperties.Key key = registration.getKey();
		String secret = key.getSecret();
		if (secret == null || secret.isBlank()) {
			return null;
		}
		return new TsigKey((key.getName() != null) ? key.getName() : nameServer, TsigKey.algorithm(key.getAlgorithm()),
				TsigKey.secret(secret));
	}

}
