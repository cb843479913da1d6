package dev.selfdns.dnssec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.selfdns.CommandLineTool;
import dev.selfdns.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNSViz, the DNSSEC analyser, probes two hosts on loopback as the zone's authoritative servers
 * with the zone's DS: a fleet that shares its key is clean (no error, every status secure); one
 * whose hosts sign with keys of their own without publishing each other's is reported as such
 * (DNSKEY_MISSING_FROM_SERVERS).
 */
class DnsvizIntegrationTests {

	private static final Name ZONE = Name.fromConstantString("www.example.com.");

	@TempDir
	Path directory;

	@Test
	void aSharedKeyFleetIsCleanAndPerHostKeysWithoutPeerKeysAreReported() throws Exception {
		Path key1 = TestKeys.pem(this.directory, "k1.pem");
		Path key2 = TestKeys.pem(this.directory, "k2.pem");
		String shared = analyse(key1, key1);
		assertThat(shared).as("shared key").contains("DNSKEY: 13/").doesNotContain("[!]").doesNotContainPattern("(?m)^\\s*[EW]:");
		assertThat(analyse(key1, key2)).as("per-host keys, not cross-published").contains("DNSKEY_MISSING_FROM_SERVERS");
	}

	private String analyse(Path keyOfHost1, Path keyOfHost2) throws Exception {
		int port = TestServers.freePort();
		List<ConfigurableApplicationContext> hosts = new ArrayList<>();
		try {
			hosts.add(start(1, port, keyOfHost1));
			hosts.add(start(2, port, keyOfHost2));
			SigningKey anchor = KeyReader.read(Files.readString(keyOfHost1), ZONE, 3600, KeyState.ACTIVE);
			DSRecord ds = anchor.ds(3600);
			Path trusted = this.directory.resolve("trusted-" + port + ".txt");
			Files.writeString(trusted, anchor.dnskey().toString() + "\n");
			String servers = "ns1.www.example.com=127.0.0.1:" + port + ",ns2.www.example.com=127.0.0.2:" + port;
			Path probe = this.directory.resolve("probe-" + port + ".json");
			CommandLineTool.dnsviz()
				.run("probe", "-A", "-N", "www.example.com:" + servers, "-D", "www.example.com:" + ds.rdataToString(),
						"-x", "www.example.com:" + servers, "-o", probe.toString(), "www.example.com");
			return CommandLineTool.dnsviz().run("print", "-t", trusted.toString(), "-r", probe.toString());
		}
		finally {
			hosts.forEach(ConfigurableApplicationContext::close);
		}
	}

	/** Both hosts with IPv4 and IPv6 addresses: the apex's NSEC type bitmap is the same on both. */
	private static ConfigurableApplicationContext start(int n, int port, Path key) {
		return TestKeys.signedHost(n, port, key, "selfdns.addresses=127.0.0." + n + ",2001:db8::" + n,
				"selfdns.wildcard=true", "selfdns.dnssec.mode=per-host-key");
	}

}
