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
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
 * Three apps on loopback (127.0.0.1-3, one DNS port), each serving two zones of one parent,
 * {@code www.example.com} and {@code api.example.com}, with a real BIND or Knot primary as the
 * parent:
 * each host registers itself in both delegations, under a name server name and a TSIG key per
 * zone (the API zone's secret set with {@code selfdns.zones[1].registration.key.secret}), each
 * zone serves the NS set its own delegation holds, the endpoint shows each zone's registration
 * and peers, and a retired host leaves both delegations and comes back to both when resumed.
 * Defaults but for {@code peers.refresh-interval} (500 ms, default 60 s) and {@code ttl} (1 s,
 * the retirement's hold, default 10 s), to show in seconds what takes minutes.
 */
class SeveralZonesFleetIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(10);

	private static final List<String> WWW = List.of("h1.ns-www.example.com.", "h2.ns-www.example.com.",
			"h3.ns-www.example.com.");

	private static final List<String> API = List.of("h1.ns-api.example.com.", "h2.ns-api.example.com.",
			"h3.ns-api.example.com.");

	@ParameterizedTest
	@EnumSource(ParentPrimary.Kind.class)
	void eachZoneRegistersWithItsParentServesItsDelegationAndRetiresWithTheHost(ParentPrimary.Kind kind)
			throws Exception {
		String[] www = new String[4];
		String[] api = new String[4];
		try (ParentPrimary parent = ((kind == ParentPrimary.Kind.BIND) ? ParentPrimary.bind() : ParentPrimary.knot())
			.bindPolicy("grant *.ns-www.example.com. self *.ns-www.example.com. A AAAA;\n"
					+ "\t\tgrant *.ns-www.example.com. name www.example.com. NS;\n"
					+ "\t\tgrant *.ns-api.example.com. self *.ns-api.example.com. A AAAA;\n"
					+ "\t\tgrant *.ns-api.example.com. name api.example.com. NS;")) {
			for (int i = 1; i <= 3; i++) {
				www[i] = ParentPrimary.newSecret();
				api[i] = ParentPrimary.newSecret();
				parent.key("h" + i + ".ns-www.example.com", www[i]).key("h" + i + ".ns-api.example.com", api[i]);
			}
			parent.start();
			int port = TestServers.freePort();
			host(1, port, parent, www[1], api[1]).run((c1) -> host(2, port, parent, www[2], api[2]).run((c2) -> host(3,
					port, parent, www[3], api[3]).run((c3) -> {
						List<ApplicationContext> hosts = List.of(c1, c2, c3);
						hosts.forEach((context) -> context.getBean(ServingGate.class).applicationReady());
						Deadline.poll(WITHIN, () -> parent.nameServers("www.example.com"), (set) -> set.equals(WWW));
						Deadline.poll(WITHIN, () -> parent.nameServers("api.example.com"), (set) -> set.equals(API));
						for (int i = 1; i <= 3; i++) {
							assertThat(parent.addresses("h" + i + ".ns-api.example.com")).containsExactly("127.0.0." + i);
							int host = i;
							Deadline.poll(WITHIN, () -> nameServersServed(host, port, "api.example.com."),
									(set) -> set.equals(API));
							Deadline.poll(WITHIN, () -> nameServersServed(host, port, "www.example.com."),
									(set) -> set.equals(WWW));
						}
						SelfDnsEndpoint.ZoneDescriptor apiZone = c1.getBean(SelfDnsEndpoint.class).status().zones().get(1);
						assertThat(apiZone.zone()).isEqualTo("api.example.com.");
						assertThat(apiZone.registration().state()).isEqualTo("registered");
						assertThat(apiZone.registration().nameServer()).isEqualTo("h1.ns-api.example.com.");
						assertThat(apiZone.registration().zone()).isEqualTo("example.com.");
						assertThat(apiZone.parentZone()).filteredOn((line) -> !line.startsWith(";"))
							.isNotEmpty()
							.allSatisfy((line) -> assertThat(line).contains(" 60 IN "));
						Deadline.poll(WITHIN,
								() -> c1.getBean(SelfDnsEndpoint.class).status().zones().get(1).peers().stream()
									.map(SelfDnsEndpoint.PeerDescriptor::condition).toList(),
								(states) -> states.equals(List.of("open", "open")));

						c3.getBean(SelfDnsEndpoint.class).change("retire", null);
						Deadline.poll(WITHIN, () -> parent.nameServers("api.example.com"),
								(set) -> set.equals(API.subList(0, 2)));
						Deadline.poll(WITHIN, () -> parent.nameServers("www.example.com"),
								(set) -> set.equals(WWW.subList(0, 2)));
						Deadline.poll(WITHIN, () -> nameServersServed(1, port, "api.example.com."),
								(set) -> set.equals(API.subList(0, 2)));

						c3.getBean(SelfDnsEndpoint.class).change("resume", null);
						Deadline.poll(WITHIN, () -> parent.nameServers("api.example.com"), (set) -> set.equals(API));
						Deadline.poll(WITHIN, () -> parent.nameServers("www.example.com"), (set) -> set.equals(WWW));
					})));
		}
	}

	private static ApplicationContextRunner host(int n, int port, ParentPrimary parent, String wwwSecret,
			String apiSecret) {
		return new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class,
					org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class))
			.withPropertyValues("selfdns.addresses=127.0.0." + n, "selfdns.listen.address=127.0.0." + n,
					"selfdns.listen.port=" + port, "selfdns.shutdown.drain=0s", "selfdns.ttl=1s",
					"selfdns.peers.source=parent", "selfdns.peers.refresh-interval=500ms",
					"selfdns.registration.enabled=true", "selfdns.registration.server=" + parent.server(),
					"selfdns.registration.key.secret=" + wwwSecret, "selfdns.zones[0].zone=www.example.com",
					"selfdns.zones[0].registration.name-server=h" + n + ".ns-www.example.com",
					"selfdns.zones[1].zone=api.example.com",
					"selfdns.zones[1].registration.name-server=h" + n + ".ns-api.example.com",
					"selfdns.zones[1].registration.key.secret=" + apiSecret,
					"management.endpoints.web.exposure.include=selfdns");
	}

	/** The NS set host n answers with for a zone, sorted. */
	private static List<String> nameServersServed(int n, int port, String zone) throws Exception {
		DnsTestClient client = new DnsTestClient(new InetSocketAddress(InetAddress.getByName("127.0.0." + n), port),
				InetAddress.getByName("127.0.0.1"));
		Message answer = client.udp(query(zone, Type.NS));
		TreeSet<String> names = new TreeSet<>();
		for (Record record : answer.getSection(Section.ANSWER)) {
			if (record instanceof NSRecord ns) {
				names.add(ns.getTarget().toString());
			}
		}
		return List.copyOf(names);
	}

}
