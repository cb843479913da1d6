package dev.selfdns.schedule;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.selfdns.Deadline;
import dev.selfdns.dnssec.TestKeys;
import dev.selfdns.peers.PeerProbers;
import dev.selfdns.query.ServedZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host runs the same selfdns threads for four zones as for one: every periodic job of every
 * zone (probes, registration, health, signature refresh) shares one scheduler, and one pass
 * reads every zone's health. Before, each job of each zone had a thread of its own: 7 threads
 * with one zone, 16 with four.
 */
class SchedulerThreadsIntegrationTests {

	private static final String HEALTH_READINGS = "selfdns-health-check-";

	@TempDir
	Path directory;

	@Test
	void fourZonesRunTheSameThreadsAsOne() throws Exception {
		Path key = TestKeys.pem(this.directory, "zone.pem");
		Map<String, Integer> one = threadsOf(1, key);
		Map<String, Integer> four = threadsOf(4, key);
		assertThat(one).as("selfdns threads with one zone").containsKey("selfdns-work-").containsKey("selfdns-gate-");
		// A health reading's thread is reused once it has returned; a pass asked for in the instant
		// before that (an availability change) starts a second one. Never more, whatever the zones.
		assertThat(one.remove(HEALTH_READINGS)).as("health reading threads, one zone").isBetween(1, 2);
		assertThat(four.remove(HEALTH_READINGS)).as("health reading threads, four zones").isBetween(1, 2);
		assertThat(four).as("selfdns threads with four zones, by name").isEqualTo(one);
	}

	/** The selfdns threads a host with this many zones starts, by name without the number, once every job has run. */
	private static Map<String, Integer> threadsOf(int zones, Path key) throws Exception {
		Set<Thread> before = selfDnsThreads();
		List<String> properties = new ArrayList<>(List.of("selfdns.addresses=127.0.0.1",
				"selfdns.listen.address=127.0.0.1", "selfdns.listen.port=0", "selfdns.shutdown.drain=0s",
				"selfdns.peers.probe-interval=200ms", "selfdns.gate.fail-open.after=1s", "selfdns.dnssec.enabled=true",
				"selfdns.dnssec.keys[0].private-key=file:" + key, "selfdns.registration.enabled=true",
				// Nothing listens there: each zone's registration tries, fails and retries, as with a parent down.
				"selfdns.registration.server=127.0.0.1:9",
				"selfdns.registration.key.secret=3WC+AuqQAvo9LLNNgcd2jZg1UqxDlfIV5J296ErezhA="));
		for (int i = 0; i < zones; i++) {
			String zone = "z" + i + ".example.com";
			properties.add("selfdns.zones[" + i + "].zone=" + zone);
			properties.add("selfdns.zones[" + i + "].name-servers=ns1." + zone + " 127.0.0.1,ns2." + zone + " 127.0.0.2");
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Host.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run()) {
			ServedZones served = context.getBean(ServedZones.class);
			PeerProbers probers = context.getBean(PeerProbers.class);
			assertThat(probers.zones()).hasSize(zones);
			// Every job has run: each zone probed twice and read its health (its gate is open), so every thread is there.
			Deadline.poll(Duration.ofSeconds(10),
					() -> probers.zones().stream().allMatch((zone) -> zone.prober().rounds() >= 2)
							&& served.gates().stream().allMatch((gate) -> gate.isOpen()),
					(ready) -> ready);
			Set<Thread> threads = selfDnsThreads();
			threads.removeAll(before);
			return threads.stream()
				.collect(Collectors.toMap((thread) -> thread.getName().replaceAll("\\d+$", ""), (thread) -> 1,
						Integer::sum, TreeMap::new));
		}
	}

	private static Set<Thread> selfDnsThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("selfdns-"))
			.collect(Collectors.toSet());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Host {

	}

}
