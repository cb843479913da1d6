package dev.selfdns.dnssec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.selfdns.ParentPrimary;
import dev.selfdns.TestServers;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

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
		Path key1 = key("k1.pem");
		Path key2 = key("k2.pem");
		SigningKey signing1 = KeyReader.read(Files.readString(key1), ZONE, 3600, KeyState.ACTIVE);
		SigningKey signing2 = KeyReader.read(Files.readString(key2), ZONE, 3600, KeyState.ACTIVE);
		try (ParentPrimary parent = ParentPrimary.bind().records(signing1.ds(3600).toString()).start()) {
			int port = TestServers.freePort();
			List<ConfigurableApplicationContext> hosts = new ArrayList<>();
			try {
				hosts.add(start(1, port, key1, null, parent));
				hosts.add(start(2, port, key2, null, parent));
				FleetKeyCheck.Result alone = hosts.get(0).getBean(FleetKeyCheck.class).check();
				assertThat(alone.agrees()).isFalse();
				assertThat(alone.peers()).singleElement().satisfies((peer) -> {
					assertThat(peer.same()).isFalse();
					assertThat(peer.tags()).containsExactly(signing2.tag());
				});
				hosts.forEach(ConfigurableApplicationContext::close);
				hosts.clear();
				hosts.add(start(1, port, key1, signing2.dnskey().rdataToString(), parent));
				hosts.add(start(2, port, key2, signing1.dnskey().rdataToString(), parent));
				FleetKeyCheck.Result crossPublished = hosts.get(0).getBean(FleetKeyCheck.class).check();
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

	private ConfigurableApplicationContext start(int n, int port, Path key, String peerKey, ParentPrimary parent) {
		List<String> properties = new ArrayList<>(List.of("selfdns.zone=www.example.com",
				"selfdns.addresses=127.0.0." + n,
				"selfdns.name-servers=ns1.www.example.com 127.0.0.1,ns2.www.example.com 127.0.0.2",
				"selfdns.listen.address=127.0.0." + n, "selfdns.listen.port=" + port, "selfdns.shutdown.drain=0s",
				"selfdns.dnssec.enabled=true", "selfdns.dnssec.mode=per-host-key",
				"selfdns.dnssec.keys[0].private-key=file:" + key, "selfdns.peers.servers=" + parent.server()));
		if (peerKey != null) {
			properties.add("selfdns.dnssec.peer-keys[0]=" + peerKey);
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Host.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		context.getBean(ServingGate.class).applicationReady();
		return context;
	}

	private Path key(String name) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		String body = Base64.getMimeEncoder(64, "\n".getBytes())
			.encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
		Path file = this.directory.resolve(name);
		Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
		return file;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ dev.selfdns.autoconfigure.SelfDnsAutoConfiguration.class,
			dev.selfdns.autoconfigure.SelfDnsGateAutoConfiguration.class,
			dev.selfdns.autoconfigure.SelfDnsDnssecAutoConfiguration.class })
	static class Host {

	}

}
