package dev.selfdns.dnssec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.selfdns.ParentPrimary;
import dev.selfdns.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet's key check with two hosts on loopback and a real BIND parent holding a DS: per-host
 * keys that are not cross-published disagree (the broken setup), cross-published ones agree
 * across the hosts, and the parent's DS set is reported as lacking the second host's DS until it
 * has both.
 */
class FleetKeyCheckIntegrationTests {

	private static final Name ZONE = Name.fromConstantString("www.example.com.");

	@TempDir
	Path directory;

	@Test
	void perHostKeysAgreeOnlyWhenCrossPublishedAndTheParentsDsSetIsChecked() throws Exception {
		Path key1 = TestKeys.pem(this.directory, "k1.pem");
		Path key2 = TestKeys.pem(this.directory, "k2.pem");
		SigningKey signing1 = KeyReader.read(Files.readString(key1), ZONE, 3600, KeyState.ACTIVE);
		SigningKey signing2 = KeyReader.read(Files.readString(key2), ZONE, 3600, KeyState.ACTIVE);
		try (ParentPrimary parent = ParentPrimary.bind().records(signing1.ds(3600).toString()).start()) {
			int port = TestServers.freePort();
			List<ConfigurableApplicationContext> hosts = new ArrayList<>();
			try {
				hosts.add(start(1, port, key1, null, parent));
				hosts.add(start(2, port, key2, null, parent));
				FleetKeyCheck.Result alone = hosts.get(0).getBean(SignatureRefreshers.class).all().get(0).fleetCheck().check();
				assertThat(alone.agrees()).isFalse();
				assertThat(alone.peers()).singleElement().satisfies((peer) -> {
					assertThat(peer.same()).isFalse();
					assertThat(peer.tags()).containsExactly(signing2.tag());
				});
				hosts.forEach(ConfigurableApplicationContext::close);
				hosts.clear();
				hosts.add(start(1, port, key1, signing2.dnskey().rdataToString(), parent));
				hosts.add(start(2, port, key2, signing1.dnskey().rdataToString(), parent));
				FleetKeyCheck.Result crossPublished = hosts.get(0).getBean(SignatureRefreshers.class).all().get(0).fleetCheck().check();
				assertThat(crossPublished.peers()).singleElement().satisfies((peer) -> assertThat(peer.same()).isTrue());
				assertThat(crossPublished.parentDs().matches()).isFalse();
				assertThat(crossPublished.parentDs().missing()).singleElement()
					.asString()
					.startsWith(signing2.tag() + " 13 2 ");
				assertThat(crossPublished.agrees()).isFalse();
			}
			finally {
				hosts.forEach(ConfigurableApplicationContext::close);
			}
		}
	}

	private static ConfigurableApplicationContext start(int n, int port, Path key, String peerKey,
			ParentPrimary parent) {
		List<String> properties = new ArrayList<>(
				List.of("selfdns.dnssec.mode=per-host-key", "selfdns.peers.servers=" + parent.server()));
		if (peerKey != null) {
			properties.add("selfdns.dnssec.peer-keys[0]=" + peerKey);
		}
		return TestKeys.signedHost(n, port, key, properties.toArray(String[]::new));
	}

}
