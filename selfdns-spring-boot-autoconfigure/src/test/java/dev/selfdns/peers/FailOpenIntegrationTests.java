package dev.selfdns.peers;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import dev.selfdns.autoconfigure.SelfDnsFleetAutoConfiguration;
import dev.selfdns.gate.GateReason;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three hosts of one fleet on loopback (127.0.0.1-3, one port, as a fleet listens on one port),
 * each with a health of its own. When all are DOWN, each answers with its own address once its
 * peers have reported closed-by-health and none open for {@code fail-open.after}; when one is UP
 * again, the others close. A drained host never fails open. A zone of several fails open on its
 * own. A host that hears no peer never fails open: silence is not evidence.
 * <p>
 * Changed from the defaults, to show in seconds what takes 15 s with them: the probe interval
 * (200 ms, default 5 s), {@code fail-open.after} (1 s, default 15 s) and the health poll (200 ms).
 */
@ExtendWith(OutputCaptureExtension.class)
class FailOpenIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(5);

	@Test
	void everyHostDownFailsOpenOneUpClosesTheOthersAgain() throws Exception {
		int port = TestServers.freePort();
		AtomicReference<Status> h1 = new AtomicReference<>(Status.UP);
		AtomicReference<Status> h2 = new AtomicReference<>(Status.UP);
		AtomicReference<Status> h3 = new AtomicReference<>(Status.UP);
		host(1, port, h1).run((c1) -> host(2, port, h2).run((c2) -> host(3, port, h3).run((c3) -> {
			for (ApplicationContext context : new ApplicationContext[] { c1, c2, c3 }) {
				context.getBean(ServingGate.class).applicationReady();
			}
			for (int i = 1; i <= 3; i++) {
				awaitAnswer(i, port);
			}
			h1.set(Status.DOWN);
			h2.set(Status.DOWN);
			h3.set(Status.DOWN);
			// First every host closes; then, no peer being open, each fails open.
			for (int i = 1; i <= 3; i++) {
				awaitRefused(i, port);
			}
			for (int i = 1; i <= 3; i++) {
				awaitAnswer(i, port);
			}
			for (ApplicationContext context : new ApplicationContext[] { c1, c2, c3 }) {
				assertThat(context.getBean(ServingGate.class).state().reason()).isEqualTo(GateReason.FAIL_OPEN);
			}
			h1.set(Status.UP);
			awaitRefused(2, port);
			awaitRefused(3, port);
			ServingGate gate2 = c2.getBean(ServingGate.class);
			assertThat(gate2.state().reason()).isEqualTo(GateReason.HEALTH);
			long changes = gate2.changes();
			// Ten probe rounds later, still closed: no flapping.
			long rounds = c2.getBean(dev.selfdns.peers.PeerProbers.class).all().get(0).rounds();
			Deadline.poll(WITHIN, () -> c2.getBean(dev.selfdns.peers.PeerProbers.class).all().get(0).rounds(), (n) -> n >= rounds + 10);
			assertThat(gate2.changes()).as("gate changes of host 2 while host 1 stays open").isEqualTo(changes);
			c3.getBean(ServingGate.class).drain("maintenance");
			h1.set(Status.DOWN);
			awaitAnswer(1, port);
			awaitAnswer(2, port);
			assertThat(c3.getBean(ServingGate.class).state().reason()).as("a drained host never fails open")
				.isEqualTo(GateReason.DRAINED);
			assertThat(client(3, port).udp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
			assertThat(c1.getBean(dev.selfdns.peers.PeerProbers.class).all().get(0).peers()).extracting(PeerStatus::state)
				.containsExactlyInAnyOrder(dev.selfdns.zone.HostState.CLOSED_BY_HEALTH,
						dev.selfdns.zone.HostState.DRAINED);
			assertThat(c1.getBean(dev.selfdns.actuate.SelfDnsEndpoint.class).status().peers())
				.extracting(dev.selfdns.actuate.SelfDnsEndpoint.PeerDescriptor::addresses,
						dev.selfdns.actuate.SelfDnsEndpoint.PeerDescriptor::lastState)
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(java.util.List.of("127.0.0.2"), "closed-by-health"),
						org.assertj.core.groups.Tuple.tuple(java.util.List.of("127.0.0.3"), "drained"));
		})));
	}

	/**
	 * Two hosts serving two zones, the second zone gated by a health group of its own: when that
	 * group is DOWN on both, that zone alone fails open on each (its own probes find no open peer
	 * in its own NS set), while the first zone stays open on health; one host's group UP again
	 * closes the other's zone.
	 */
	@Test
	void aZoneDownOnEveryHostFailsOpenOnItsOwn() throws Exception {
		int port = TestServers.freePort();
		AtomicReference<Status> api1 = new AtomicReference<>(Status.UP);
		AtomicReference<Status> api2 = new AtomicReference<>(Status.UP);
		twoZoneHost(1, port, api1).run((c1) -> twoZoneHost(2, port, api2).run((c2) -> {
			c1.getBean(ServingGate.class).applicationReady();
			c2.getBean(ServingGate.class).applicationReady();
			for (int i = 1; i <= 2; i++) {
				awaitAnswer(i, port, "api.example.org.");
			}
			api1.set(Status.DOWN);
			api2.set(Status.DOWN);
			for (int i = 1; i <= 2; i++) {
				awaitRcode(i, port, "api.example.org.", Rcode.REFUSED);
			}
			for (int i = 1; i <= 2; i++) {
				awaitAnswer(i, port, "api.example.org.");
				ServingGate api = c(i, c1, c2).getBean(dev.selfdns.query.ServedZones.class).gates().get(1);
				assertThat(api.state().reason()).isEqualTo(GateReason.FAIL_OPEN);
				assertThat(c(i, c1, c2).getBean(ServingGate.class).state().reason()).as("the first zone, UP")
					.isEqualTo(GateReason.OPEN);
			}
			api1.set(Status.UP);
			awaitRcode(2, port, "api.example.org.", Rcode.REFUSED);
			awaitAnswer(2, port, "www.example.com.");
			assertThat(c2.getBean(dev.selfdns.actuate.SelfDnsEndpoint.class).status().zones().get(1).peers())
				.extracting(dev.selfdns.actuate.SelfDnsEndpoint.PeerDescriptor::addresses,
						dev.selfdns.actuate.SelfDnsEndpoint.PeerDescriptor::condition)
				.containsExactly(org.assertj.core.groups.Tuple.tuple(java.util.List.of("127.0.0.1"), "open"));
		}));
	}

	/**
	 * A host whose health is DOWN and whose peers it cannot hear, one with no address it can find
	 * and one whose DNS port is closed, stays closed for many times {@code fail-open.after}:
	 * silence is not evidence. The endpoint, the health component, the gauge and one WARN say
	 * which peers and why.
	 */
	@Test
	void aHostThatHearsNoPeerStaysClosedAndSaysWhy(CapturedOutput output) throws Exception {
		int port = TestServers.freePort();
		AtomicReference<Status> health = new AtomicReference<>(Status.UP);
		host(1, port, health).withPropertyValues(
				"selfdns.name-servers=ns1.www.example.com 127.0.0.1,ns2.www.example.com 127.0.0.2,"
						+ "ns3-www.example.invalid",
				"management.endpoints.web.exposure.include=selfdns,health",
				"management.endpoint.health.show-details=always")
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class,
					org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration.class,
					org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				context.getBean(ServingGate.class).applicationReady();
				awaitAnswer(1, port);
				health.set(Status.DOWN);
				awaitRefused(1, port);
				// Five windows of fail-open.after (1 s): every query refused, the gate closed by health.
				long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
				int queries = 0;
				while (System.nanoTime() < end) {
					assertThat(client(1, port).udp(query("www.example.com.", Type.A)).getRcode())
						.as("query %d", queries).isEqualTo(Rcode.REFUSED);
					queries++;
					Thread.sleep(100);
				}
				assertThat(context.getBean(ServingGate.class).state().reason()).isEqualTo(GateReason.HEALTH);
				assertThat(context.getBean(dev.selfdns.actuate.SelfDnsEndpoint.class).status().peers())
					.satisfiesExactly((silent) -> {
						assertThat(silent.nameServer()).isEqualTo("ns2.www.example.com.");
						assertThat(silent.addresses()).containsExactly("127.0.0.2");
						assertThat(silent.condition()).isEqualTo("silent");
						assertThat(silent.lastHeard()).isNull();
					}, (unresolved) -> {
						assertThat(unresolved.nameServer()).isEqualTo("ns3-www.example.invalid.");
						assertThat(unresolved.addresses()).isEmpty();
						assertThat(unresolved.condition()).isEqualTo("unresolved");
						assertThat(unresolved.unresolved()).startsWith("unresolved: ");
					});
				io.micrometer.core.instrument.MeterRegistry registry = context
					.getBean(io.micrometer.core.instrument.MeterRegistry.class);
				assertThat(registry.get("selfdns.peers").tag("state", "silent").gauge().value()).isEqualTo(1);
				assertThat(registry.get("selfdns.peers").tag("state", "unresolved").gauge().value()).isEqualTo(1);
				assertThat(registry.get("selfdns.peers").tag("state", "open").gauge().value()).isZero();
				assertThat(context.getBean(dev.selfdns.actuate.SelfDnsHealthIndicator.class).health().getDetails())
					.containsEntry("peers", java.util.Map.of("open", 0L, "closed", 0L, "silent", 1L, "unresolved", 1L));
				String log = output.getOut();
				// First the name it cannot resolve (known at once), then, a few rounds on, the one never heard.
				assertThat(log).contains("selfdns cannot hear 1 of 2 peers of www.example.com.")
					.contains("selfdns cannot hear 2 of 2 peers of www.example.com.")
					.contains("No address for ns3-www.example.invalid. (unresolved: ")
					.contains("selfdns.peers.source=parent")
					.contains("Never heard from ns2.www.example.com. at 127.0.0.2")
					.contains("DNS port " + port);
				assertThat(log.split("selfdns cannot hear", -1)).as("said when it changed, not every round").hasSize(3);
			});
	}

	/** One host DOWN while its peers are open refuses for as long as it is DOWN. */
	@Test
	void oneHostDownWhileItsPeersAreOpenKeepsRefusing() throws Exception {
		int port = TestServers.freePort();
		AtomicReference<Status> h1 = new AtomicReference<>(Status.UP);
		AtomicReference<Status> up = new AtomicReference<>(Status.UP);
		host(1, port, h1).run((c1) -> host(2, port, up).run((c2) -> host(3, port, up).run((c3) -> {
			for (ApplicationContext context : new ApplicationContext[] { c1, c2, c3 }) {
				context.getBean(ServingGate.class).applicationReady();
			}
			for (int i = 1; i <= 3; i++) {
				awaitAnswer(i, port);
			}
			h1.set(Status.DOWN);
			awaitRefused(1, port);
			long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
			while (System.nanoTime() < end) {
				assertThat(client(1, port).udp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
				Thread.sleep(100);
			}
			assertThat(c1.getBean(dev.selfdns.peers.PeerProbers.class).all().get(0).count(PeerCondition.OPEN)).isEqualTo(2);
		})));
	}

	/** A host alone in its NS set has no peer to warn about. */
	@Test
	void aHostAloneInItsNameServerSetWarnsOfNoPeer(CapturedOutput output) throws Exception {
		int port = TestServers.freePort();
		AtomicReference<Status> health = new AtomicReference<>(Status.DOWN);
		host(1, port, health).withPropertyValues("selfdns.name-servers=ns1.www.example.com 127.0.0.1")
			.run((context) -> {
				context.getBean(ServingGate.class).applicationReady();
				long rounds = context.getBean(dev.selfdns.peers.PeerProbers.class).all().get(0).rounds();
				Deadline.poll(WITHIN, () -> context.getBean(dev.selfdns.peers.PeerProbers.class).all().get(0).rounds(), (n) -> n >= rounds + 5);
				assertThat(context.getBean(dev.selfdns.peers.PeerProbers.class).all().get(0).reports()).isEmpty();
				assertThat(output.getOut()).doesNotContain("selfdns cannot hear");
				assertThat(client(1, port).udp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
			});
	}

	private static ApplicationContext c(int n, ApplicationContext c1, ApplicationContext c2) {
		return (n == 1) ? c1 : c2;
	}

	private static ApplicationContextRunner twoZoneHost(int n, int port, AtomicReference<Status> api) {
		return new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
					org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class))
			.withBean("apiBackend", HealthIndicator.class, () -> () -> Health.status(api.get()).build())
			.withBean("webBackend", HealthIndicator.class, () -> () -> Health.up().build())
			.withPropertyValues("selfdns.addresses=127.0.0." + n, "selfdns.zones[0].zone=www.example.com",
					"selfdns.zones[0].name-servers=ns1.www.example.com 127.0.0.1,ns2.www.example.com 127.0.0.2",
					"selfdns.zones[1].zone=api.example.org",
					"selfdns.zones[1].name-servers=ns1.api.example.org 127.0.0.1,ns2.api.example.org 127.0.0.2",
					"selfdns.zones[1].gate.health-group=api", "management.endpoint.health.group.api.include=apiBackend",
					"selfdns.gate.health-group=web", "management.endpoint.health.group.web.include=webBackend",
					"selfdns.listen.address=127.0.0." + n, "selfdns.listen.port=" + port,
					"selfdns.shutdown.drain=0s", "selfdns.gate.poll-interval=200ms",
					"selfdns.peers.probe-interval=200ms", "selfdns.gate.fail-open.after=1s",
					"management.endpoints.web.exposure.include=selfdns,health");
	}

	private static void awaitAnswer(int n, int port, String name) throws Exception {
		Message answer = awaitRcode(n, port, name, Rcode.NOERROR);
		assertThat(((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress())
			.isEqualTo(InetAddress.getByName("127.0.0." + n));
	}

	private static Message awaitRcode(int n, int port, String name, int rcode) throws Exception {
		return Deadline.poll(WITHIN, () -> client(n, port).udp(query(name, Type.A)), (m) -> m.getRcode() == rcode);
	}

	private static ApplicationContextRunner host(int n, int port, AtomicReference<Status> health) {
		return new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
					org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class))
			.withBean("toggle", HealthIndicator.class, () -> () -> Health.status(health.get()).build())
			.withPropertyValues("selfdns.zone=www.example.com", "selfdns.addresses=127.0.0." + n,
					"selfdns.name-servers=ns1.www.example.com 127.0.0.1,ns2.www.example.com 127.0.0.2,"
							+ "ns3.www.example.com 127.0.0.3",
					"selfdns.listen.address=127.0.0." + n, "selfdns.listen.port=" + port,
					"selfdns.shutdown.drain=0s", "selfdns.gate.poll-interval=200ms",
					"selfdns.peers.probe-interval=200ms", "selfdns.gate.fail-open.after=1s",
					"management.endpoints.web.exposure.include=selfdns");
	}

	private static void awaitAnswer(int n, int port) throws Exception {
		awaitAnswer(n, port, "www.example.com.");
	}

	private static void awaitRefused(int n, int port) throws Exception {
		awaitRcode(n, port, "www.example.com.", Rcode.REFUSED);
	}

	private static DnsTestClient client(int n, int port) throws Exception {
		InetAddress host = InetAddress.getByName("127.0.0." + n);
		return new DnsTestClient(new InetSocketAddress(host, port), InetAddress.getByName("127.0.0.1"));
	}


}
