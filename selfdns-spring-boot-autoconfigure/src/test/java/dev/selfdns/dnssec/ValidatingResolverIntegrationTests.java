package dev.selfdns.dnssec;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.selfdns.CommandLineTool;
import dev.selfdns.Deadline;
import dev.selfdns.TestServers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real validating resolvers, Unbound (a stub zone) and BIND (a forward zone), with the zone's
 * DS as their trust anchor, pointed at two selfdns hosts on loopback that share one key: the
 * answers a client gets are authenticated (AD) for A, AAAA, NODATA, NXDOMAIN below a name
 * server, wildcard expansion and DNSKEY; then the host that answered the resolver's last fresh
 * name stops, and the answers stay authenticated from the other, with no failure. Defaults, but for a wildcard zone
 * (unique names reach the hosts) and a TTL of 1 s (every query reaches a host).
 */
class ValidatingResolverIntegrationTests {

	private static final String[][] QUESTIONS = { { "www.example.com.", "A" }, { "www.example.com.", "AAAA" },
			{ "www.example.com.", "MX" }, { "www.example.com.", "DNSKEY" }, { "x.ns1.www.example.com.", "A" },
			{ "ns2.www.example.com.", "A" } };

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "unbound", "named" })
	void answersValidateAndStayValidWhenAHostStops(String resolver) throws Exception {
		Path key = TestKeys.pem(this.directory, "zone.pem");
		int port = TestServers.freePort();
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		try {
			for (int i = 1; i <= 2; i++) {
				started.add(start(i, port, key));
			}
			String ds = ds(started.get(0));
			int resolverPort = TestServers.freePort();
			Process process = resolver.equals("unbound") ? unbound(resolverPort, port, ds) : named(resolverPort, port, ds);
			try {
				SimpleResolver client = new SimpleResolver(new InetSocketAddress("127.0.0.1", resolverPort));
				client.setTimeout(Duration.ofSeconds(5));
				Deadline.poll(Duration.ofSeconds(20), () -> ask(client, "www.example.com.", "A"),
						(m) -> m != null && m.getRcode() == Rcode.NOERROR);
				for (String[] question : QUESTIONS) {
					assertAuthenticated(client, question[0], question[1]);
				}
				assertAuthenticated(client, "a.b.ns2.www.example.com.", "AAAA");
				// The host that answered a fresh name is the one the resolver uses: stop that one.
				Message used = assertAuthenticated(client, "tenant-1.www.example.com.", "A");
				int host = ((org.xbill.DNS.ARecord) used.getSection(org.xbill.DNS.Section.ANSWER)
					.stream()
					.filter(org.xbill.DNS.ARecord.class::isInstance)
					.findFirst()
					.orElseThrow()).getAddress().getAddress()[3];
				started.get(host - 1).close();
				for (int i = 0; i < 20; i++) {
					assertAuthenticated(client, "after-" + i + ".www.example.com.", "A");
				}
				assertAuthenticated(client, "www.example.com.", "A");
			}
			finally {
				process.destroy();
				process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		finally {
			started.forEach(ConfigurableApplicationContext::close);
		}
	}

	@org.junit.jupiter.api.Test
	void delvFullyValidatesAnswersAndProofs() throws Exception {
		Path key = TestKeys.pem(this.directory, "zone.pem");
		int port = TestServers.freePort();
		try (ConfigurableApplicationContext host = start(1, port, key)) {
			String ds = ds(host);
			String[] fields = ds.split(" ");
			Path anchors = this.directory.resolve("anchors.conf");
			Files.writeString(anchors, "trust-anchors { www.example.com. static-ds " + fields[0] + " " + fields[1] + " "
					+ fields[2] + " \"" + fields[3] + "\"; };\n");
			for (String[] question : new String[][] { { "www.example.com.", "A" }, { "tenant-9.www.example.com.", "AAAA" },
					{ "www.example.com.", "MX" }, { "x.ns1.www.example.com.", "A" } }) {
				String output = dev.selfdns.CommandLineTool.delv()
					.run("@127.0.0.1", "-p", Integer.toString(port), "-a", anchors.toString(), "+root=www.example.com",
							question[0], question[1]);
				assertThat(output).as("%s %s", question[0], question[1]).contains("fully validated");
			}
		}
	}

	private static Message assertAuthenticated(SimpleResolver client, String name, String type) throws Exception {
		Message response = ask(client, name, type);
		assertThat(response).as("%s %s: no answer", name, type).isNotNull();
		assertThat(response.getRcode()).as("%s %s: %s", name, type, response).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
		assertThat(response.getHeader().getFlag(Flags.AD)).as("%s %s authenticated: %s", name, type, response).isTrue();
		return response;
	}

	/** A query with AD set, as a stub asks its resolver; {@code null} when none came back. */
	static Message ask(SimpleResolver client, String name, String type) {
		try {
			Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.value(type), DClass.IN));
			query.getHeader().setFlag(Flags.AD);
			return client.send(query);
		}
		catch (Exception ex) {
			return null;
		}
	}

	/** A DS record's data as a trust anchor takes it: tag, algorithm, digest type, digest. */
	static String dsData(DSRecord ds) {
		return ds.getFootprint() + " " + ds.getAlgorithm() + " " + ds.getDigestID() + " "
				+ HexFormat.of().formatHex(ds.getDigest());
	}

	private static ConfigurableApplicationContext start(int n, int port, Path key) {
		return TestKeys.signedHost(n, port, key, "selfdns.addresses=127.0.0." + n + ",2001:db8::" + n,
				"selfdns.wildcard=true", "selfdns.ttl=1s");
	}

	private static String ds(ConfigurableApplicationContext context) {
		return dsData(context.getBean(dev.selfdns.dnssec.DnssecSignings.class).of(org.xbill.DNS.Name.fromConstantString("www.example.com.")).keys().own().get(0).ds(3600));
	}

	private Process unbound(int port, int hostPort, String ds) throws Exception {
		return dev.selfdns.Unbound.start(this.directory, port,
				"  module-config: \"validator iterator\"\n  trust-anchor: \"www.example.com. DS " + ds
						+ "\"\n  val-log-level: 2\n  verbosity: 1\n",
				"www.example.com", "127.0.0.1@" + hostPort + ",127.0.0.2@" + hostPort);
	}

	private Process named(int port, int hostPort, String ds) throws Exception {
		String binary = CommandLineTool.locate("named", "bind9");
		Path dir = this.directory;
		String[] fields = ds.split(" ");
		String conf = "options {\n  directory \"" + dir + "\";\n  pid-file \"" + dir + "/named.pid\";\n"
				+ "  session-keyfile \"" + dir + "/session.key\";\n  listen-on port " + port + " { 127.0.0.1; };\n"
				+ "  listen-on-v6 { none; };\n  recursion yes;\n  allow-recursion { 127.0.0.0/8; };\n"
				+ "  dnssec-validation yes;\n};\ncontrols { };\n"
				+ "trust-anchors { www.example.com. static-ds " + fields[0] + " " + fields[1] + " " + fields[2] + " \""
				+ fields[3] + "\"; };\n"
				+ "zone \"www.example.com\" { type forward; forward only; forwarders { 127.0.0.1 port " + hostPort
				+ "; 127.0.0.2 port " + hostPort + "; }; };\n";
		Path file = dir.resolve("named.conf");
		Files.writeString(file, conf, StandardCharsets.UTF_8);
		return new ProcessBuilder(binary, "-g", "-c", file.toString()).redirectErrorStream(true)
			.redirectOutput(dir.resolve("named.out").toFile())
			.start();
	}


}
