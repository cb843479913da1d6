package dev.selfdns.autoconfigure;

import dev.selfdns.TestServers;
import dev.selfdns.registration.HostRecords;
import dev.selfdns.parent.ParentDelegation;
import dev.selfdns.peers.ParentPeerSets;
import dev.selfdns.peers.PeerProbers;
import dev.selfdns.registration.Registrar;
import dev.selfdns.registration.Rfc2136Registrar;
import dev.selfdns.registration.SelfRegistration;
import dev.selfdns.registration.SelfRegistrations;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfDnsFleetAutoConfiguration}: which fleet beans which settings make, the
 * user's own registrar winning, and every wrong setting failing start-up with its fix.
 */
class SelfDnsFleetAutoConfigurationTests {

	private static final Name WWW = Name.fromConstantString("www.example.com.");

	private static final Name API = Name.fromConstantString("api.example.org.");

	private static final String SECRET = "selfdns.registration.key.secret=3WC+AuqQAvo9LLNNgcd2jZg1UqxDlfIV5J296ErezhA=";

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
		.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class))
		.withPropertyValues("selfdns.zone=www.example.com", "selfdns.addresses=127.0.0.1",
				"selfdns.name-servers=h1.ns-www.example.com,h2.ns-www.example.com", "selfdns.listen.address=127.0.0.1",
				"selfdns.listen.port=0", "selfdns.shutdown.drain=0s");

	private final ApplicationContextRunner registering = this.runner.withPropertyValues(
			"selfdns.registration.enabled=true", "selfdns.registration.server=127.0.0.1:5300",
			"selfdns.registration.name-server=h1.ns-www.example.com", SECRET);

	@Test
	void byDefaultPeersAreProbedAndNothingIsRegistered() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PeerProbers.class)
				.doesNotHaveBean(Registrar.class)
				.doesNotHaveBean(SelfRegistrations.class)
				.doesNotHaveBean(ParentPeerSets.class);
			assertThat(context.getBean(PeerProbers.class).byZone()).containsOnlyKeys(WWW);
		});
	}

	@Test
	void registrationMakesTheRfc2136RegistrarAndTheRegistration() {
		this.registering.run((context) -> {
			assertThat(context).hasSingleBean(SelfRegistrations.class);
			SelfRegistration registration = context.getBean(SelfRegistrations.class).of(WWW);
			assertThat(registration.registrar()).isInstanceOf(Rfc2136Registrar.class);
			assertThat(registration.status().server()).isEqualTo("127.0.0.1:5300");
			assertThat(registration.status().nameServer())
				.isEqualTo(Name.fromConstantString("h1.ns-www.example.com."));
		});
	}

	@Test
	void theUsersRegistrarReplacesTheBuiltInOneAndNeedsNoServerOrKey() {
		this.runner
			.withPropertyValues("selfdns.registration.enabled=true",
					"selfdns.registration.name-server=h1.ns-www.example.com")
			.withBean(Registrar.class, ManagedDns::new)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(SelfRegistrations.class);
				assertThat(context.getBean(SelfRegistrations.class).of(WWW).registrar()).isInstanceOf(ManagedDns.class);
			});
	}

	@Test
	void theUsersRegistrarRegistersEveryZoneAndNoZoneNeedsAServerOrKey() {
		this.twoZones.withPropertyValues("selfdns.registration.enabled=true")
			.withBean(Registrar.class, ManagedDns::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Registrar registrar = context.getBean(Registrar.class);
				SelfRegistrations registrations = context.getBean(SelfRegistrations.class);
				assertThat(registrations.byZone()).containsOnlyKeys(WWW, API);
				assertThat(registrations.all()).allSatisfy((zone) -> assertThat(zone.registrar()).isSameAs(registrar));
			});
	}

	@Test
	void theParentSourceMakesThePeerSetAndNeedsNoNameServers() {
		this.runner
			.withPropertyValues("selfdns.name-servers=", "selfdns.peers.source=parent",
					"selfdns.peers.servers=127.0.0.1:5300", "selfdns.own-name-server=h1.ns-www.example.com")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ParentPeerSets.class);
				assertThat(context.getBean(ParentPeerSets.class).byZone()).containsOnlyKeys(WWW);
				assertThat(context.getBean(dev.selfdns.zone.ServiceZone.class).nameServers())
					.extracting((ns) -> ns.name().toString())
					.containsExactly("h1.ns-www.example.com.");
			});
	}

	/** Two zones, each with its own name server name; one bean per concern covers both. */
	private final ApplicationContextRunner twoZones = new ApplicationContextRunner()
		.withConfiguration(TestServers.SELFDNS)
		.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class))
		.withPropertyValues("selfdns.addresses=127.0.0.1", "selfdns.listen.address=127.0.0.1", "selfdns.listen.port=0",
				"selfdns.shutdown.drain=0s", "selfdns.zones[0].zone=www.example.com",
				"selfdns.zones[0].name-servers=h1.ns-www.example.com,h2.ns-www.example.com",
				"selfdns.zones[0].own-name-server=h1.ns-www.example.com", "selfdns.zones[1].zone=api.example.org",
				"selfdns.zones[1].name-servers=h1.ns-api.example.org,h2.ns-api.example.org",
				"selfdns.zones[1].own-name-server=h1.ns-api.example.org");

	@Test
	void eachZoneHasItsOwnProberAndNoRegistrationByDefault() {
		this.twoZones.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(PeerProbers.class)
				.doesNotHaveBean(SelfRegistrations.class)
				.doesNotHaveBean(ParentPeerSets.class);
			PeerProbers probers = context.getBean(PeerProbers.class);
			assertThat(probers.byZone()).containsOnlyKeys(WWW, API);
			assertThat(probers.of(API)).isNotSameAs(probers.of(WWW));
			assertThat(probers.of(API).zone()).isEqualTo(API);
		});
	}

	@Test
	void eachZoneRegistersWithItsOwnNameServerNameAndItsOwnParentWhereSet() {
		this.twoZones
			.withPropertyValues("selfdns.registration.enabled=true", "selfdns.registration.server=127.0.0.1:5300",
					"selfdns.zones[1].registration.server=127.0.0.2:5301", SECRET, "selfdns.peers.source=parent")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SelfRegistrations registrations = context.getBean(SelfRegistrations.class);
				assertThat(registrations.of(WWW).status().nameServer())
					.isEqualTo(Name.fromConstantString("h1.ns-www.example.com."));
				assertThat(registrations.of(WWW).status().server()).isEqualTo("127.0.0.1:5300");
				assertThat(registrations.of(API).status().nameServer())
					.isEqualTo(Name.fromConstantString("h1.ns-api.example.org."));
				assertThat(registrations.of(API).status().server()).isEqualTo("127.0.0.2:5301");
				ParentPeerSets peerSets = context.getBean(ParentPeerSets.class);
				assertThat(peerSets.byZone()).containsOnlyKeys(WWW, API);
				assertThat(peerSets.of(API)).isNotSameAs(peerSets.of(WWW));
			});
	}

	@Test
	void aNestedZoneListedFirstIsNeitherRegisteredNorReadFromAParent() {
		new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class))
			.withPropertyValues("selfdns.addresses=127.0.0.1", "selfdns.listen.address=127.0.0.1",
					"selfdns.listen.port=0", "selfdns.shutdown.drain=0s", "selfdns.zones[0].zone=api.www.example.com",
					"selfdns.zones[0].name-servers=h1.ns-www.example.com", "selfdns.zones[1].zone=www.example.com",
					"selfdns.zones[1].name-servers=h1.ns-www.example.com",
					"selfdns.zones[1].own-name-server=h1.ns-www.example.com", "selfdns.registration.enabled=true",
					"selfdns.registration.server=127.0.0.1:5300", SECRET, "selfdns.peers.source=parent")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SelfRegistrations.class).byZone()).containsOnlyKeys(WWW);
				assertThat(context.getBean(ParentPeerSets.class).byZone()).containsOnlyKeys(WWW);
				assertThat(context.getBean(PeerProbers.class).byZone())
					.containsOnlyKeys(Name.fromConstantString("api.www.example.com."), WWW);
			});
	}

	@Test
	void anotherZoneWithoutAServerSaysWhereToSetIt() {
		this.twoZones
			.withPropertyValues("selfdns.registration.enabled=true", "selfdns.zones[0].registration.server=127.0.0.1",
					SECRET)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("selfdns.registration.server")
				.hasMessageContaining("selfdns.zones[1].registration.server for api.example.org"));
	}

	@Test
	void anotherZoneWithoutThisHostsNameSaysWhichSetting() {
		new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class))
			.withPropertyValues("selfdns.addresses=127.0.0.1", "selfdns.listen.address=127.0.0.1",
					"selfdns.listen.port=0", "selfdns.zones[0].zone=www.example.com",
					"selfdns.zones[0].name-servers=h1.ns-www.example.com", "selfdns.zones[1].zone=api.example.org",
					"selfdns.zones[1].name-servers=h1.ns-api.example.net", "selfdns.registration.enabled=true",
					"selfdns.registration.server=127.0.0.1", "selfdns.zones[0].registration.name-server=h1.ns-www.example.com",
					SECRET)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("selfdns.zones[1].registration.name-server")
				.hasMessageContaining("api.example.org"));
	}

	@Test
	void registrationWithoutAServerSaysWhichServer() {
		this.runner.withPropertyValues("selfdns.registration.enabled=true", SECRET)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("selfdns.registration.server")
				.hasMessageContaining("the parent zone's primary"));
	}

	@Test
	void registrationWithoutASecretSaysWhereToPutIt() {
		this.runner
			.withPropertyValues("selfdns.registration.enabled=true", "selfdns.registration.server=127.0.0.1",
					"selfdns.registration.name-server=h1.ns-www.example.com")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("selfdns.registration.key.secret")
				.hasMessageContaining("SELFDNS_REGISTRATION_KEY_SECRET"));
	}

	@Test
	void registrationWithoutThisHostsNameSaysWhichSetting() {
		this.runner.withPropertyValues("selfdns.registration.enabled=true", "selfdns.registration.server=127.0.0.1",
				SECRET)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("selfdns.registration.name-server")
				.hasMessageContaining("h1.ns-www.example.com"));
	}

	@Test
	void deprecatedAlgorithmsAreRefused() {
		this.registering.withPropertyValues("selfdns.registration.key.algorithm=hmac-md5")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("registration.key.algorithm")
				.hasStackTraceContaining("MD5 and SHA-1 are deprecated for TSIG"));
	}

	@Test
	void aServerThatIsNotHostAndPortIsRefused() {
		this.registering.withPropertyValues("selfdns.registration.server=127.0.0.1:99999")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("is not host[:port]"));
	}

	@Test
	void theParentSourceNeedsServersToReadFrom() {
		this.runner.withPropertyValues("selfdns.peers.source=parent")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("peers.servers")
				.hasStackTraceContaining("or set selfdns.registration.server"));
	}

	@Test
	void theParentSourceWithoutNameServersNeedsThisHostsName() {
		this.runner.withPropertyValues("selfdns.name-servers=", "selfdns.peers.source=parent",
				"selfdns.peers.servers=127.0.0.1")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("selfdns.registration.name-server (or selfdns.own-name-server)"));
	}

	@Test
	void theFailOpenWindowHoldsTwoProbeRounds() {
		this.runner.withPropertyValues("selfdns.peers.probe-interval=30s")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("gate.fail-open.after")
				.hasStackTraceContaining("must be at least twice selfdns.peers.probe-interval (30000 ms)"));
		this.runner.withPropertyValues("selfdns.peers.probe-interval=30s", "selfdns.gate.fail-open.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theMinimumIsOneToThirteen() {
		this.registering.withPropertyValues("selfdns.registration.min-name-servers=0")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("must be from 1 to 13"));
	}

	@Test
	void addressDiscoveryMakesTheSourceAndTheDiscoveryAndServesWhatItReads() {
		this.runner.withPropertyValues("selfdns.addresses=", "selfdns.address-discovery.mode=interface",
				"selfdns.address-discovery.interface=lo")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(dev.selfdns.discovery.AddressSource.class)
					.hasSingleBean(dev.selfdns.discovery.AddressDiscovery.class);
				assertThat(context.getBean(dev.selfdns.zone.ServiceZone.class).addresses())
					.contains(java.net.InetAddress.getByName("127.0.0.1"));
			});
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(dev.selfdns.discovery.AddressDiscovery.class));
	}

	@Test
	void theInterfaceModeNeedsTheInterfacesName() {
		this.runner.withPropertyValues("selfdns.address-discovery.mode=interface")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("name it with selfdns.address-discovery.interface"));
	}

	@Test
	void anUnreachableMetadataServiceFailsStartUpWithoutAddresses() {
		this.runner
			.withPropertyValues("selfdns.addresses=", "selfdns.address-discovery.mode=aws",
					"selfdns.address-discovery.metadata-url=http://127.0.0.1:9")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("could not read this host's addresses from aws instance metadata")
				.hasMessageContaining("or set selfdns.addresses"));
	}

	/** A registrar for a managed DNS provider's API, as a user would write one. */
	static final class ManagedDns implements Registrar {

		@Override
		public ParentDelegation read(Name zone) {
			return new ParentDelegation(zone, java.util.List.of(), java.util.Map.of());
		}

		@Override
		public void register(HostRecords host) {
		}

		@Override
		public void deregister(HostRecords host, ParentDelegation expected) {
		}

		@Override
		public boolean isListed(ParentDelegation delegation, HostRecords host) {
			return delegation.nameServers().contains(host.nameServer());
		}

		@Override
		public String server() {
			return "managed";
		}

		@Override
		public @Nullable Name zone() {
			return null;
		}

	}

}
