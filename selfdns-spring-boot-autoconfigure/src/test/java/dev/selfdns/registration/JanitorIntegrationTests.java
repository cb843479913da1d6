package dev.selfdns.registration;

import java.time.Duration;
import java.util.List;

import dev.selfdns.Deadline;
import dev.selfdns.ParentPrimary;
import dev.selfdns.TestServers;
import dev.selfdns.autoconfigure.SelfDnsFleetAutoConfiguration;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The janitor with three apps on loopback and a real BIND parent: a host that stops (and,
 * with static addresses, stays listed) is removed by one of the others once it has been silent
 * for the grace period; started again, it re-registers; the last host left removes no one, as
 * it hears no peer and the set would fall below its minimum. Changed from the defaults, to show
 * in seconds what takes minutes: grace (2 s, default 10 min), reconcile interval (1 s, default
 * 5 min), probe interval (200 ms, default 5 s) and refresh interval (500 ms, default 60 s).
 */
class JanitorIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(15);

	private static final String H1 = "h1.ns-www.example.com.";

	private static final String H2 = "h2.ns-www.example.com.";

	private static final String H3 = "h3.ns-www.example.com.";

	@Test
	void aSilentHostIsRemovedOnceAndComesBackByItself() throws Exception {
		try (ParentPrimary parent = ParentPrimary.bind()) {
			String[] secrets = parent.hostKeys(3);
			parent.start();
			int port = TestServers.freePort();
			host(1, port, parent, secrets[1]).run((c1) -> {
				host(2, port, parent, secrets[2]).run((c2) -> {
					host(3, port, parent, secrets[3]).run((c3) -> {
						List.of(c1, c2, c3).forEach(JanitorIntegrationTests::ready);
						Deadline.poll(WITHIN, parent::nameServers, (set) -> set.equals(List.of(H1, H2, H3)));
					});
					// Host 3 is gone but listed: one of the others removes it after the grace.
					Deadline.poll(WITHIN, parent::nameServers, (set) -> set.equals(List.of(H1, H2)));
					host(3, port, parent, secrets[3]).run((c3) -> {
						ready(c3);
						Deadline.poll(WITHIN, parent::nameServers, (set) -> set.equals(List.of(H1, H2, H3)));
					});
					Deadline.poll(WITHIN, parent::nameServers, (set) -> set.equals(List.of(H1, H2)));
				});
				// Host 1 alone hears no peer, and removing host 2 would leave one name server.
				PeerJanitor janitor = c1.getBean(dev.selfdns.registration.PeerJanitors.class).all().get(0);
				long sweeps = janitor.sweeps();
				Deadline.poll(WITHIN, janitor::sweeps, (n) -> n >= sweeps + 5);
				assertThat(parent.nameServers()).containsExactly(H1, H2);
			});
		}
	}

	private static void ready(ApplicationContext context) {
		context.getBean(ServingGate.class).applicationReady();
	}

	private static ApplicationContextRunner host(int n, int port, ParentPrimary parent, String secret) {
		return new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(SelfDnsFleetAutoConfiguration.class))
			.withPropertyValues("selfdns.zone=www.example.com", "selfdns.addresses=127.0.0." + n,
					"selfdns.listen.address=127.0.0." + n, "selfdns.listen.port=" + port, "selfdns.shutdown.drain=0s",
					"selfdns.peers.source=parent", "selfdns.peers.refresh-interval=500ms",
					"selfdns.peers.probe-interval=200ms", "selfdns.registration.enabled=true",
					"selfdns.registration.server=" + parent.server(),
					"selfdns.registration.name-server=h" + n + ".ns-www.example.com",
					"selfdns.registration.key.secret=" + secret, "selfdns.registration.reconcile-interval=1s",
					"selfdns.registration.janitor.enabled=true", "selfdns.registration.janitor.grace=2s");
	}


}
