package dev.selfdns.registration;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.ParentPrimary;
import dev.selfdns.TestServers;
import dev.selfdns.autoconfigure.SelfDnsFleetAutoConfiguration;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three hosts started together against a real BIND parent with no delegation yet, as an operator
 * would: {@code peers.source=parent} and registration, every other setting as shipped (the
 * parent's NS set read every 60 s, probes every 5 s). They register a few seconds apart. Each
 * learns the peers that register after it within seconds (quick re-reads while the set moves,
 * and a probe from a host it does not know), not at its next 60 s refresh; and no host ever
 * serves an NS set without itself.
 */
class ColdStartIntegrationTests {

	private static final List<String> THREE = List.of("h1.ns-www.example.com.", "h2.ns-www.example.com.",
			"h3.ns-www.example.com.");

	@Test
	void aFleetStartedTogetherKnowsEveryPeerWithinSecondsAndNeverServesASetWithoutItself() throws Exception {
		try (ParentPrimary parent = ParentPrimary.bind()) {
			String[] secrets = parent.hostKeys(3);
			parent.start();
			int port = TestServers.freePort();
			host(1, port, parent, secrets[1]).run((c1) -> host(2, port, parent, secrets[2]).run((c2) -> host(3, port,
					parent, secrets[3]).run((c3) -> {
						List<ApplicationContext> hosts = List.of(c1, c2, c3);
						ConcurrentLinkedQueue<String> withoutItself = new ConcurrentLinkedQueue<>();
						AtomicBoolean watching = new AtomicBoolean(true);
						Thread watcher = new Thread(() -> watch(port, watching, withoutItself), "ns-watcher");
						watcher.start();
						try {
							for (int i = 1; i <= 3; i++) {
								hosts.get(i - 1).getBean(ServingGate.class).applicationReady();
								int host = i;
								Deadline.poll(Duration.ofSeconds(10), parent::nameServers,
										(set) -> set.contains("h" + host + ".ns-www.example.com."));
								if (i < 3) {
									Thread.sleep(3000);
								}
							}
							long registered = System.nanoTime();
							// Well within the 60 s refresh: the quick re-reads and the probes (every 5 s).
							for (int i = 1; i <= 3; i++) {
								int host = i;
								Deadline.poll(Duration.ofSeconds(12), () -> nameServersServed(host, port),
										(set) -> set.equals(THREE));
							}
							assertThat(Duration.ofNanos(System.nanoTime() - registered))
								.as("every host knows every peer").isLessThan(Duration.ofSeconds(12));
						}
						finally {
							watching.set(false);
							watcher.join();
						}
						assertThat(withoutItself).as("NS sets served without the host itself").isEmpty();
					})));
		}
	}

	/** Ask each host for its NS set every 50 ms; note any answer that leaves the host out. */
	private static void watch(int port, AtomicBoolean watching, ConcurrentLinkedQueue<String> withoutItself) {
		long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (watching.get() && System.nanoTime() < end) {
			for (int n = 1; n <= 3; n++) {
				try {
					Message answer = client(n, port).udp(query("www.example.com.", Type.NS));
					if (answer.getRcode() == Rcode.NOERROR) {
						Set<String> names = names(answer);
						if (!names.contains("h" + n + ".ns-www.example.com.")) {
							withoutItself.add("host " + n + ": " + names);
						}
					}
				}
				catch (Exception ex) {
					// A host not yet listening, or a lost datagram: nothing served.
				}
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private static ApplicationContextRunner host(int n, int port, ParentPrimary parent, String secret) {
		return new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class))
			.withPropertyValues("selfdns.zone=www.example.com", "selfdns.addresses=127.0.0." + n,
					"selfdns.listen.address=127.0.0." + n, "selfdns.listen.port=" + port, "selfdns.shutdown.drain=0s",
					"selfdns.peers.source=parent", "selfdns.registration.enabled=true",
					"selfdns.registration.server=" + parent.server(),
					"selfdns.registration.name-server=h" + n + ".ns-www.example.com",
					"selfdns.registration.key.secret=" + secret);
	}

	private static DnsTestClient client(int n, int port) throws Exception {
		return new DnsTestClient(new InetSocketAddress(InetAddress.getByName("127.0.0." + n), port),
				InetAddress.getByName("127.0.0.1"));
	}

	private static List<String> nameServersServed(int n, int port) throws Exception {
		return List.copyOf(names(client(n, port).udp(query("www.example.com.", Type.NS))));
	}

	private static Set<String> names(Message answer) {
		Set<String> names = new TreeSet<>();
		for (Record record : answer.getSection(Section.ANSWER)) {
			if (record instanceof NSRecord ns) {
				names.add(ns.getTarget().toString());
			}
		}
		return names;
	}

}
