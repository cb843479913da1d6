package dev.selfdns.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.ParentPrimary;
import dev.selfdns.TestServers;
import dev.selfdns.autoconfigure.SelfDnsFleetAutoConfiguration;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.registration.RegisteringHost;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.ServiceZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Address discovery against an instance metadata service on loopback that speaks the clouds'
 * protocols ({@link StubInstanceMetadata}: the real ones are only reachable from inside a
 * cloud), and against the loopback interface. With the defaults but for the interval (200 ms,
 * default 30 s) where a context runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class AddressDiscoveryIntegrationTests {

	@Test
	void awsTakesAnImdsv2TokenAndReadsThePublicAddressWithIt() throws Exception {
		try (StubInstanceMetadata metadata = new StubInstanceMetadata()) {
			InstanceMetadata aws = new InstanceMetadata(InstanceMetadata.Cloud.AWS, metadata.url());
			assertThat(aws.read()).containsExactly(InetAddress.getByName("203.0.113.5"));
			assertThat(metadata.tokens).hasValue(1);
			assertThat(metadata.refused).as("GETs without the token").hasValue(0);
		}
	}

	@Test
	void gcpAndAzureSendTheirMetadataHeaders() throws Exception {
		try (StubInstanceMetadata metadata = new StubInstanceMetadata()) {
			assertThat(new InstanceMetadata(InstanceMetadata.Cloud.GCP, metadata.url()).read())
				.containsExactly(InetAddress.getByName("203.0.113.5"));
			assertThat(new InstanceMetadata(InstanceMetadata.Cloud.AZURE, metadata.url()).read())
				.containsExactly(InetAddress.getByName("203.0.113.5"));
			assertThat(metadata.refused).hasValue(0);
		}
	}

	@Test
	void aChangeIsAppliedAfterTwoEqualReadsOnly() throws Exception {
		try (StubInstanceMetadata metadata = new StubInstanceMetadata()) {
			AnswerTable answers = new AnswerTable(zone("203.0.113.5"));
			AddressDiscovery discovery = new AddressDiscovery(new SelfDnsScheduler(),
					new InstanceMetadata(InstanceMetadata.Cloud.AWS, metadata.url()), java.util.List.of(answers), Duration.ofSeconds(30), 0);
			AtomicInteger changes = new AtomicInteger();
			discovery.onChange(changes::incrementAndGet);
			metadata.publicIpv4("203.0.113.6");
			discovery.poll();
			assertThat(answers.zone().addresses()).as("after one read").containsExactly(InetAddress.getByName("203.0.113.5"));
			metadata.publicIpv4("203.0.113.7");
			discovery.poll();
			assertThat(answers.zone().addresses()).as("a different second read")
				.containsExactly(InetAddress.getByName("203.0.113.5"));
			discovery.poll();
			assertThat(answers.zone().addresses()).containsExactly(InetAddress.getByName("203.0.113.7"));
			assertThat(changes).hasValue(1);
		}
	}

	/** Every zone's registration re-registers its glue at once, not the last zone's alone. */
	@Test
	void aChangeRunsEveryActionAdded() throws Exception {
		try (StubInstanceMetadata metadata = new StubInstanceMetadata()) {
			AnswerTable answers = new AnswerTable(zone("203.0.113.5"));
			AddressDiscovery discovery = new AddressDiscovery(new SelfDnsScheduler(),
					new InstanceMetadata(InstanceMetadata.Cloud.AWS, metadata.url()), java.util.List.of(answers), Duration.ofSeconds(30), 0);
			AtomicInteger first = new AtomicInteger();
			AtomicInteger second = new AtomicInteger();
			discovery.onChange(first::incrementAndGet);
			discovery.onChange(second::incrementAndGet);
			metadata.publicIpv4("203.0.113.6");
			discovery.poll();
			discovery.poll();
			assertThat(answers.zone().addresses()).containsExactly(InetAddress.getByName("203.0.113.6"));
			assertThat(first).as("the first zone's registration").hasValue(1);
			assertThat(second).as("the second zone's registration").hasValue(1);
		}
	}

	@Test
	void anEmptyOrFailedReadKeepsTheAddressWithOneWarning(CapturedOutput output) throws Exception {
		try (StubInstanceMetadata metadata = new StubInstanceMetadata()) {
			AnswerTable answers = new AnswerTable(zone("203.0.113.5"));
			AddressDiscovery discovery = new AddressDiscovery(new SelfDnsScheduler(),
					new InstanceMetadata(InstanceMetadata.Cloud.AWS, metadata.url()), java.util.List.of(answers), Duration.ofSeconds(30), 0);
			metadata.publicIpv4(null);
			discovery.poll();
			discovery.poll();
			discovery.poll();
			assertThat(answers.zone().addresses()).containsExactly(InetAddress.getByName("203.0.113.5"));
			assertThat(output.getOut().split("read no address from aws instance metadata", -1)).hasSize(2);
			metadata.failing(true);
			discovery.poll();
			discovery.poll();
			assertThat(answers.zone().addresses()).containsExactly(InetAddress.getByName("203.0.113.5"));
			assertThat(output.getOut().split("answered HTTP 500", -1)).hasSize(2);
			assertThat(output.getOut()).contains("keeping [203.0.113.5]");
		}
	}

	@Test
	void azuresEmptyAnswerForAStandardSkuAddressFailsStartUpWithAdvice() throws Exception {
		try (StubInstanceMetadata metadata = new StubInstanceMetadata()) {
			metadata.publicIpv4(null);
			new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
				.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class))
				.withPropertyValues("selfdns.zone=www.example.com", "selfdns.name-servers=ns1.example.net",
						"selfdns.listen.address=127.0.0.1", "selfdns.listen.port=0",
						"selfdns.address-discovery.mode=azure", "selfdns.address-discovery.metadata-url=" + metadata.url())
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("selfdns.address-discovery.mode")
					.hasMessageContaining("does not show Standard-SKU public IPs")
					.hasMessageContaining("Set selfdns.addresses to the public address"));
		}
	}

	@Test
	void theInterfaceModeReadsTheInterfacesAddresses() throws Exception {
		assertThat(new InterfaceAddresses("lo").read()).contains(InetAddress.getByName("127.0.0.1"));
		assertThat(new InterfaceAddresses("no-such-interface0").describe()).contains("no-such-interface0");
	}

	@Test
	void aDiscoveredAddressIsServedAndAChangeMovesTheAnswersAndTheGlue() throws Exception {
		String secret = ParentPrimary.newSecret();
		try (StubInstanceMetadata metadata = new StubInstanceMetadata();
				ParentPrimary parent = ParentPrimary.bind().key("h1.ns-www.example.com", secret).start()) {
			metadata.publicIpv4("127.0.0.1");
			new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
				.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class))
				.withPropertyValues("selfdns.zone=www.example.com", "selfdns.name-servers=h1.ns-www.example.com",
						"selfdns.listen.address=127.0.0.1", "selfdns.listen.port=" + TestServers.freePort(),
						"selfdns.shutdown.drain=0s", "selfdns.address-discovery.mode=aws",
						"selfdns.address-discovery.metadata-url=" + metadata.url(),
						"selfdns.address-discovery.interval=200ms", "selfdns.registration.enabled=true",
						"selfdns.registration.server=" + parent.server(),
						"selfdns.registration.name-server=h1.ns-www.example.com",
						"selfdns.registration.key.secret=" + secret)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(ServiceZone.class).addresses())
						.containsExactly(InetAddress.getByName("127.0.0.1"));
					context.getBean(ServingGate.class).applicationReady();
					Deadline.poll(Duration.ofSeconds(10), () -> parent.addresses("h1.ns-www.example.com"),
							(addresses) -> addresses.equals(List.of("127.0.0.1")));
					metadata.publicIpv4("127.0.0.9");
					int port = context.getBean(dev.selfdns.server.DnsServer.class).getPort();
					DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", port));
					InetAddress moved = InetAddress.getByName("127.0.0.9");
					Message answer = Deadline.poll(Duration.ofSeconds(10),
							() -> client.udp(query("www.example.com.", Type.A)),
							(m) -> m.getRcode() == Rcode.NOERROR
									&& ((ARecord) m.getSection(Section.ANSWER).get(0)).getAddress().equals(moved));
					assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
					Deadline.poll(Duration.ofSeconds(10), () -> parent.addresses("h1.ns-www.example.com"),
							(addresses) -> addresses.equals(List.of("127.0.0.9")));
				});
		}
	}

	@Test
	void everyZoneWithoutAddressesOfItsOwnFollowsADiscoveredMove() throws Exception {
		try (StubInstanceMetadata metadata = new StubInstanceMetadata()) {
			metadata.publicIpv4("127.0.0.1");
			new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
				.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class))
				// The zone with addresses of its own comes first: no zone is special.
				.withPropertyValues("selfdns.zones[0].zone=static.example.org",
						"selfdns.zones[0].name-servers=ns1.example.net", "selfdns.zones[0].addresses=198.51.100.7",
						"selfdns.zones[1].zone=www.example.com", "selfdns.zones[1].name-servers=ns1.example.net",
						"selfdns.zones[2].zone=api.example.org", "selfdns.zones[2].name-servers=ns1.example.net",
						"selfdns.listen.address=127.0.0.1", "selfdns.listen.port=0", "selfdns.shutdown.drain=0s",
						"selfdns.address-discovery.mode=aws", "selfdns.address-discovery.metadata-url=" + metadata.url(),
						"selfdns.address-discovery.interval=200ms")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					context.getBean(ServingGate.class).applicationReady();
					DnsTestClient client = TestServers.client(context);
					assertThat(address(client, "api.example.org.")).isEqualTo("127.0.0.1");
					metadata.publicIpv4("127.0.0.9");
					Deadline.poll(Duration.ofSeconds(10), () -> address(client, "api.example.org."), "127.0.0.9"::equals);
					assertThat(address(client, "www.example.com.")).isEqualTo("127.0.0.9");
					assertThat(address(client, "static.example.org.")).as("its own address").isEqualTo("198.51.100.7");
				});
		}
	}

	private static String address(DnsTestClient client, String name) throws Exception {
		return ((ARecord) client.udp(query(name, Type.A)).getSection(Section.ANSWER).get(0)).getAddress()
			.getHostAddress();
	}

	private static ServiceZone zone(String address) throws Exception {
		return ServiceZone.builder("www.example.com")
			.addresses(InetAddress.getByName(address))
			.nameServer(RegisteringHost.nameServer(1))
			.build();
	}


}
