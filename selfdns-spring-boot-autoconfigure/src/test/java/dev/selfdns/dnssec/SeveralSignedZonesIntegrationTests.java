package dev.selfdns.dnssec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.ServedZones;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One host serving two signed zones and real validating resolvers, Unbound and BIND: side by side
 * ({@code www.example.com} with selfdns.dnssec.keys, {@code api.example.org} with a key of its
 * own), each zone's DS a trust anchor; and nested ({@code api.www.example.com} inside
 * {@code www.example.com}), the outer zone's DS the only trust anchor, the chain of trust going
 * through the delegation the outer zone serves. Every answer of both zones is authenticated
 * (AD): positive, NODATA, NXDOMAIN, DNSKEY and DS alike. Defaults, but for a TTL of 1 s (every
 * query reaches the host).
 */
class SeveralSignedZonesIntegrationTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "unbound", "named" })
	void bothZonesValidateEachWithItsOwnDs(String resolver) throws Exception {
		int port = TestServers.freePort();
		try (ConfigurableApplicationContext host = start(port, "api.example.org")) {
			DSRecord www = keys(host, "www.example.com.").own().get(0).ds(3600);
			DSRecord api = keys(host, "api.example.org.").own().get(0).ds(3600);
			assertThat(api.getName()).isEqualTo(Name.fromConstantString("api.example.org."));
			assertThat(api.getDigest()).as("a key of its own").isNotEqualTo(www.getDigest());
			assertThat(host.getBean(ServedZones.class).tables().get(1).zone().origin()).isEqualTo(api.getName());
			assertAuthenticated(resolver, port, List.of(www, api), new String[][] { { "www.example.com.", "A" },
					{ "www.example.com.", "MX" }, { "nothing.www.example.com.", "A" }, { "www.example.com.", "DNSKEY" },
					{ "api.example.org.", "A" }, { "api.example.org.", "TXT" }, { "api.example.org.", "MX" },
					{ "nothing.api.example.org.", "A" }, { "api.example.org.", "DNSKEY" } });
			assertThat(host.getBean(SignatureRefreshers.class).of(Name.fromConstantString("api.example.org.")).nextRefresh())
				.as("the second zone's signatures are refreshed on their own")
				.isNotNull();
		}
	}

	/**
	 * The outer zone delegates to the inner one with its DS set, answered from the parent side
	 * (RFC 4035 section 3.1.4.1), so Unbound builds the chain of trust down to the inner zone.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "unbound", "named" })
	void aNestedZoneValidatesThroughTheDelegationTheOuterZoneServes(String resolver) throws Exception {
		int port = TestServers.freePort();
		try (ConfigurableApplicationContext host = start(port, "api.www.example.com",
				"selfdns.zones[0].records[0]=zzz TXT \"after the cut\"")) {
			DSRecord www = keys(host, "www.example.com.").own().get(0).ds(3600);
			int innerTag = keys(host, "api.www.example.com.").own().get(0).tag();
			Message query = Message.newQuery(Record.newRecord(Name.fromString("api.www.example.com."), Type.DS,
					DClass.IN));
			query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
			Message ds = new DnsTestClient(new InetSocketAddress("127.0.0.1", port), InetAddress.getByName("127.0.0.1"))
				.udp(query);
			assertThat(ds.getSection(Section.ANSWER)).as("DS at the cut, from the parent side: %s", ds)
				.anySatisfy((r) -> assertThat(r).isInstanceOfSatisfying(DSRecord.class,
						(d) -> assertThat(d.getFootprint()).isEqualTo(innerTag)))
				.anySatisfy((r) -> assertThat(r).isInstanceOfSatisfying(RRSIGRecord.class,
						(sig) -> assertThat(sig.getSigner()).isEqualTo(Name.fromConstantString("www.example.com."))));
			assertAuthenticated(resolver, port, List.of(www), new String[][] { { "api.www.example.com.", "A" },
					{ "api.www.example.com.", "TXT" }, { "api.www.example.com.", "MX" },
					{ "nothing.api.www.example.com.", "A" }, { "api.www.example.com.", "DNSKEY" },
					{ "api.www.example.com.", "DS" }, { "www.example.com.", "A" }, { "zzz.www.example.com.", "TXT" },
					{ "nothing.www.example.com.", "A" }, { "b.www.example.com.", "AAAA" } });
		}
	}

	/** The key set a host signs one of its zones with. */
	private static KeySet keys(ConfigurableApplicationContext host, String zone) {
		return host.getBean(DnssecSignings.class).of(Name.fromConstantString(zone)).keys();
	}

	/** A host serving www.example.com and a second zone, each signed with a key of its own. */
	private ConfigurableApplicationContext start(int port, String second, String... more) throws Exception {
		Path wwwKey = TestKeys.pem(this.directory, "www.pem");
		Path secondKey = TestKeys.pem(this.directory, "second.pem");
		List<String> properties = new ArrayList<>(List.of("selfdns.addresses=127.0.0.1",
				"selfdns.listen.address=127.0.0.1", "selfdns.listen.port=" + port, "selfdns.shutdown.drain=0s",
				"selfdns.ttl=1s", "selfdns.dnssec.enabled=true", "selfdns.dnssec.keys[0].private-key=file:" + wwwKey,
				"selfdns.zones[0].zone=www.example.com", "selfdns.zones[0].name-servers=ns1.www.example.com 127.0.0.1",
				"selfdns.zones[1].zone=" + second, "selfdns.zones[1].name-servers=ns1." + second + " 127.0.0.1",
				"selfdns.zones[1].records[0]=@ TXT \"v=verify123\"",
				"selfdns.zones[1].dnssec.keys[0].private-key=file:" + secondKey));
		properties.addAll(List.of(more));
		ConfigurableApplicationContext host = new SpringApplicationBuilder(TestKeys.SignedHost.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		host.getBean(ServingGate.class).applicationReady();
		return host;
	}

	/**
	 * Ask a validating resolver (Unbound with stub zones, or BIND with forward zones), with these
	 * trust anchors and a zone per anchor pointing at the host, each question, and expect it
	 * authenticated: NXDOMAIN for names starting {@code nothing.} or {@code b.}, NOERROR for the
	 * others.
	 */
	private void assertAuthenticated(String resolver, int port, List<DSRecord> anchors, String[][] questions)
			throws Exception {
		int resolverPort = TestServers.freePort();
		Process process = resolver.equals("unbound") ? unbound(resolverPort, port, anchors)
				: named(resolverPort, port, anchors);
		try {
			SimpleResolver client = new SimpleResolver(new InetSocketAddress("127.0.0.1", resolverPort));
			client.setTimeout(Duration.ofSeconds(5));
			Deadline.poll(Duration.ofSeconds(20),
					() -> ValidatingResolverIntegrationTests.ask(client, questions[0][0], questions[0][1]),
					(m) -> m != null && m.getRcode() == Rcode.NOERROR);
			for (String[] question : questions) {
				Message response = ValidatingResolverIntegrationTests.ask(client, question[0], question[1]);
				assertThat(response).as("%s %s: no answer", question[0], question[1]).isNotNull();
				boolean missing = question[0].startsWith("nothing.") || question[0].startsWith("b.");
				assertThat(response.getRcode()).as("%s %s: %s", question[0], question[1], response)
					.isEqualTo(missing ? Rcode.NXDOMAIN : Rcode.NOERROR);
				assertThat(response.getHeader().getFlag(Flags.AD))
					.as("%s %s authenticated: %s", question[0], question[1], response)
					.isTrue();
			}
		}
		finally {
			process.destroy();
			process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private Process unbound(int port, int hostPort, List<DSRecord> anchors) throws Exception {
		StringBuilder server = new StringBuilder("  module-config: \"validator iterator\"\n  val-log-level: 2\n");
		List<String> stubs = new ArrayList<>();
		for (DSRecord anchor : anchors) {
			server.append("  trust-anchor: \"").append(anchor.getName()).append(" DS ")
				.append(ValidatingResolverIntegrationTests.dsData(anchor)).append("\"\n");
			stubs.add(anchor.getName().toString(true));
			stubs.add("127.0.0.1@" + hostPort);
		}
		return dev.selfdns.Unbound.start(this.directory, port, server.toString(), stubs.toArray(String[]::new));
	}

	private Process named(int port, int hostPort, List<DSRecord> anchors) throws Exception {
		String binary = dev.selfdns.CommandLineTool.locate("named", "bind9");
		Path dir = this.directory;
		StringBuilder conf = new StringBuilder("options {\n  directory \"" + dir + "\";\n  pid-file \"" + dir
				+ "/named.pid\";\n  session-keyfile \"" + dir + "/session.key\";\n  listen-on port " + port
				+ " { 127.0.0.1; };\n  listen-on-v6 { none; };\n  recursion yes;\n  allow-recursion { 127.0.0.0/8; };\n"
				+ "  dnssec-validation yes;\n};\ncontrols { };\ntrust-anchors {\n");
		for (DSRecord anchor : anchors) {
			String[] fields = ValidatingResolverIntegrationTests.dsData(anchor).split(" ");
			conf.append("  ").append(anchor.getName()).append(" static-ds ").append(fields[0]).append(' ')
				.append(fields[1]).append(' ').append(fields[2]).append(" \"").append(fields[3]).append("\";\n");
		}
		conf.append("};\n");
		for (DSRecord anchor : anchors) {
			conf.append("zone \"").append(anchor.getName().toString(true))
				.append("\" { type forward; forward only; forwarders { 127.0.0.1 port ").append(hostPort)
				.append("; }; };\n");
		}
		Path file = dir.resolve("named.conf");
		java.nio.file.Files.writeString(file, conf.toString(), java.nio.charset.StandardCharsets.UTF_8);
		return new ProcessBuilder(binary, "-g", "-c", file.toString()).redirectErrorStream(true)
			.redirectOutput(dir.resolve("named.out").toFile())
			.start();
	}

}
