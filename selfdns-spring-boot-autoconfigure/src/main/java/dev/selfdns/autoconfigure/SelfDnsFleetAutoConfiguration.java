package dev.selfdns.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.selfdns.discovery.AddressDiscovery;
import dev.selfdns.discovery.AddressDiscoveryMode;
import dev.selfdns.discovery.AddressSource;
import dev.selfdns.parent.DelegationReader;
import dev.selfdns.discovery.InstanceMetadata;
import dev.selfdns.discovery.InterfaceAddresses;
import dev.selfdns.parent.ParentConnection;
import dev.selfdns.peers.ParentPeerSet;
import dev.selfdns.registration.PeerJanitor;
import dev.selfdns.peers.PeerProber;
import dev.selfdns.peers.ParentPeerSets;
import dev.selfdns.registration.PeerJanitors;
import dev.selfdns.peers.PeerProbers;
import dev.selfdns.registration.Registrar;
import dev.selfdns.registration.Rfc2136Registrar;
import dev.selfdns.registration.SelfRegistration;
import dev.selfdns.registration.SelfRegistrations;
import dev.selfdns.parent.TsigKey;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.ServedZones;
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
 * closed by health can fail open when its peers report the outage shared; with {@code selfdns.registration.enabled}
 * it keeps its own records in the parent zone (RFC 2136), and with
 * {@code selfdns.peers.source=parent} it serves the parent's NS set; with
 * {@code selfdns.address-discovery.mode} it follows its own addresses. One bean per concern
 * covers every zone, each zone with its own NS set, gate and parent.
 */
@AutoConfiguration(after = { SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class })
@ConditionalOnBean({ DnsServer.class, ServingGate.class })
@Import({ SelfDnsPropertiesConfiguration.class, SelfDnsSchedulerConfiguration.class })
public final class SelfDnsFleetAutoConfiguration {

	/** A round waits this long for its answers at most: peers answer in milliseconds or not at all. */
	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	/** One exchange with the parent's server; a primary answers an UPDATE in milliseconds. */
	static final Duration PARENT_TIMEOUT = Duration.ofSeconds(5);

	/** The registrations' bean: defined when this configuration registers with a parent. */
	static final String REGISTRATIONS_BEAN = "selfDnsRegistrations";

	/** Stops before the shutdown drain begins, so deregistration comes first. */
	static final int REGISTRATION_PHASE = SelfDnsGateAutoConfiguration.SHUTDOWN_DRAIN_PHASE + 1;

	/** Every zone delegated by a parent elsewhere serves the NS set read from that parent. */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "selfdns.peers.source", havingValue = "parent")
	ParentPeerSets selfDnsParentPeerSets(SelfDnsScheduler scheduler, ServedZones zones,
			SelfDnsProperties properties) {
		Map<Name, ParentPeerSet> sets = new LinkedHashMap<>();
		for (int i = 0; i < zones.tables().size(); i++) {
			// A zone inside another served here is delegated by that zone, not by a parent elsewhere.
			if (properties.enclosingZone(i) < 0) {
				AnswerTable answers = zones.tables().get(i);
				sets.put(answers.zone().origin(), peerSet(scheduler, answers, properties, i));
			}
		}
		return new ParentPeerSets(sets, DnsServer.PHASE - 1);
	}

	/** Every zone probes its peers, for its own gate's fail-open and for what the host reports. */
	@Bean
	@ConditionalOnMissingBean
	PeerProbers selfDnsPeerProbers(SelfDnsScheduler scheduler, ServedZones zones, DnsServer server,
			SelfDnsProperties properties, ObjectProvider<ParentPeerSets> peerSets) {
		ParentPeerSets sets = peerSets.getIfAvailable();
		Map<Name, PeerProber> probers = new LinkedHashMap<>();
		for (int i = 0; i < zones.tables().size(); i++) {
			AnswerTable answers = zones.tables().get(i);
			PeerProber prober = prober(scheduler, answers, zones.gates().get(i), server, properties);
			ParentPeerSet peerSet = (sets != null) ? sets.of(answers.zone().origin()) : null;
			if (peerSet != null) {
				// A probe from a host not in the NS set: read the parent now, it has just registered.
				prober.watch(zones.callersOf(answers), peerSet::refreshSoon);
			}
			probers.put(answers.zone().origin(), prober);
		}
		return new PeerProbers(probers, DnsServer.PHASE - 1);
	}

	/**
	 * Every zone delegated by a parent elsewhere registers with that parent. A {@link Registrar}
	 * bean of the user's registers every zone; without one, each zone speaks RFC 2136 to its own
	 * parent's primary.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("selfdns.registration.enabled")
	SelfRegistrations selfDnsRegistrations(SelfDnsScheduler scheduler, ServedZones zones,
			SelfDnsProperties properties, ObjectProvider<Registrar> usersRegistrar,
			ObjectProvider<ParentPeerSets> peerSets) {
		ParentPeerSets sets = peerSets.getIfAvailable();
		Map<Name, SelfRegistration> registrations = new LinkedHashMap<>();
		for (int i = 0; i < zones.tables().size(); i++) {
			if (properties.enclosingZone(i) >= 0) {
				continue;
			}
			int zone = i;
			AnswerTable answers = zones.tables().get(i);
			Registrar registrar = usersRegistrar.getIfAvailable(() -> registrar(properties, zone, answers));
			registrations.put(answers.zone().origin(), registration(scheduler, registrar, answers, zones.gates().get(i),
					properties, i, (sets != null) ? sets.of(answers.zone().origin()) : null));
		}
		return new SelfRegistrations(registrations, REGISTRATION_PHASE);
	}

	/** Every zone that registers removes its silent hosts from its parent. */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("selfdns.registration.janitor.enabled")
	@ConditionalOnBean(SelfRegistrations.class)
	PeerJanitors selfDnsPeerJanitors(SelfDnsScheduler scheduler, PeerProbers probers,
			SelfRegistrations registrations, ServedZones zones, DnsServer server, SelfDnsProperties properties) {
		Map<Name, PeerJanitor> janitors = new LinkedHashMap<>();
		for (AnswerTable answers : zones.tables()) {
			Name zone = answers.zone().origin();
			SelfRegistration registration = registrations.of(zone);
			PeerProber prober = probers.of(zone);
			if (registration != null && prober != null) {
				janitors.put(zone, janitor(scheduler, prober, registration, answers, server, properties));
			}
		}
		return new PeerJanitors(janitors, DnsServer.PHASE - 1);
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
	AddressDiscovery selfDnsAddressDiscovery(SelfDnsScheduler scheduler, AddressSource source, ServedZones zones,
			SelfDnsProperties properties, ObjectProvider<SelfRegistrations> registrations) {
		// Every zone without addresses of its own serves this host's, as discovered.
		List<AnswerTable> following = new ArrayList<>();
		for (int i = 0; i < zones.tables().size(); i++) {
			if (properties.zoneSettings(i).getAddresses().isEmpty()) {
				following.add(zones.tables().get(i));
			}
		}
		AddressDiscovery discovery = new AddressDiscovery(scheduler, source, following,
				properties.getAddressDiscovery().getInterval(), DnsServer.PHASE - 1);
		// New addresses mean new glue in every parent: reconcile now, not in five minutes.
		registrations.ifAvailable((all) -> discovery.onChange(all::reconcileSoon));
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
