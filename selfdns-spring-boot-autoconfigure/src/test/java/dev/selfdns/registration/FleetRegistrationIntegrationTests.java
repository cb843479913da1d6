package dev.selfdns.registration;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.ParentPrimary;
import dev.selfdns.TestServers;
import dev.selfdns.actuate.SelfDnsEndpoint;
import dev.selfdns.autoconfigure.SelfDnsFleetAutoConfiguration;
import dev.selfdns.gate.GateReason;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.wire.AnswerTable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three apps on loopback (127.0.0.1-3, one DNS port) with a real BIND primary as the parent:
 * started without {@code name-servers}, each registers itself once its gate opens, serves the
 * NS set the parent now delegates with, follows a fourth host joining, a retired host leaves
 * the parent, and comes back when resumed. Defaults but for {@code peers.refresh-interval} (500 ms, default 60 s) and
 * {@code ttl} (1 s, the retirement's hold, default 10 s), to show in seconds what takes minutes.
 */
class FleetRegistrationIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(10);

	@Test
	void hostsRegisterServeTheParentsSetFollowItAndRetire() throws Exception {
		try (ParentPrimary parent = ParentPrimary.bind()) {
			String[] secrets = parent.hostKeys(4);
			parent.start();
			int port = TestServers.freePort();
			host(1, port, parent, secrets[1]).run((c1) -> host(2, port, parent, secrets[2]).run((c2) -> host(3, port,
					parent, secrets[3]).run((c3) -> {
						List<ApplicationContext> hosts = List.of(c1, c2, c3);
						for (int i = 1; i <= 3; i++) {
							assertThat(hosts.get(i - 1).getBean(AnswerTable.class).zone().nameServers())
								.as("served until the parent delegates to a host")
								.extracting((ns) -> ns.name().toString())
								.containsExactly("h" + i + ".ns-www.example.com.");
						}
						hosts.forEach((context) -> context.getBean(ServingGate.class).applicationReady());
						List<String> three = List.of("h1.ns-www.example.com.", "h2.ns-www.example.com.",
								"h3.ns-www.example.com.");
						Deadline.poll(WITHIN, parent::nameServers, (set) -> set.equals(three));
						for (int i = 1; i <= 3; i++) {
							int host = i;
							Deadline.poll(WITHIN, () -> nameServersServed(host, port), (set) -> set.equals(three));
						}
						SelfDnsEndpoint.RegistrationDescriptor registration = c1.getBean(SelfDnsEndpoint.class)
							.status()
							.registration();
						assertThat(registration.state()).isEqualTo("registered");
						assertThat(registration.zone()).isEqualTo("example.com.");
						assertThat(registration.server()).isEqualTo(parent.server());
						assertThat(registration.lastVerified()).isNotNull();
						// The lines say what registration writes: its TTL (60 s), not the zone's (10 s).
						assertThat(c1.getBean(SelfDnsEndpoint.class).status().parentZone())
							.filteredOn((line) -> !line.startsWith(";"))
							.isNotEmpty()
							.allSatisfy((line) -> assertThat(line).contains(" 60 IN "));

						RegisteringHost fourth = RegisteringHost.of(4, parent, secrets[4]);
						fourth.registration.reconcile();
						for (int i = 1; i <= 3; i++) {
							int host = i;
							Deadline.poll(WITHIN, () -> nameServersServed(host, port),
									(set) -> set.contains("h4.ns-www.example.com."));
						}

						c3.getBean(SelfDnsEndpoint.class).change("retire", null);
						assertThat(c3.getBean(ServingGate.class).state().reason()).isEqualTo(GateReason.DRAINED);
						assertThat(c3.getBean(dev.selfdns.registration.SelfRegistrations.class).all().get(0).status().state())
							.isEqualTo(RegistrationState.RETIRING);
						Deadline.poll(WITHIN, () -> c3.getBean(dev.selfdns.registration.SelfRegistrations.class).all().get(0).status().state(),
								(state) -> state == RegistrationState.DEREGISTERED);
						assertThat(parent.nameServers()).hasSize(3).doesNotContain("h3.ns-www.example.com.");
						Deadline.poll(WITHIN, () -> nameServersServed(1, port),
								(set) -> !set.contains("h3.ns-www.example.com."));

						// Resumed, a retired host joins the fleet again.
						c3.getBean(SelfDnsEndpoint.class).change("resume", null);
						Deadline.poll(WITHIN, parent::nameServers, (set) -> set.contains("h3.ns-www.example.com."));
						Deadline.poll(WITHIN, () -> c3.getBean(dev.selfdns.registration.SelfRegistrations.class).all().get(0).status().state(),
								(state) -> state == RegistrationState.REGISTERED);
					})));
		}
	}

	private static ApplicationContextRunner host(int n, int port, ParentPrimary parent, String secret) {
		return new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class,
					org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class))
			.withPropertyValues("selfdns.zone=www.example.com", "selfdns.addresses=127.0.0." + n,
					"selfdns.listen.address=127.0.0." + n, "selfdns.listen.port=" + port, "selfdns.shutdown.drain=0s",
					"selfdns.ttl=1s", "selfdns.peers.source=parent", "selfdns.peers.refresh-interval=500ms",
					"selfdns.registration.enabled=true", "selfdns.registration.server=" + parent.server(),
					"selfdns.registration.name-server=h" + n + ".ns-www.example.com",
					"selfdns.registration.key.secret=" + secret, "management.endpoints.web.exposure.include=selfdns");
	}

	/** The NS set host n answers with, sorted. */
	private static List<String> nameServersServed(int n, int port) throws Exception {
		DnsTestClient client = new DnsTestClient(new InetSocketAddress(InetAddress.getByName("127.0.0." + n), port),
				InetAddress.getByName("127.0.0.1"));
		Message answer = client.udp(query("www.example.com.", Type.NS));
		TreeSet<String> names = new TreeSet<>();
		for (Record record : answer.getSection(Section.ANSWER)) {
			if (record instanceof NSRecord ns) {
				names.add(ns.getTarget().toString());
			}
		}
		return List.copyOf(names);
	}


}
