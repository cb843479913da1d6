package dev.selfdns.dnssec;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.selfdns.Deadline;
import dev.selfdns.TestServers;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.ServedZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One host serving two signed zones, {@code www.example.com} with selfdns.dnssec.keys and
 * {@code api.example.org} with a key of its own (selfdns.zones[1].dnssec.keys), and a real
 * Unbound with each zone's DS as a trust anchor: every answer of both zones is authenticated
 * (AD), positive, NODATA, NXDOMAIN and DNSKEY alike, each zone with its own DS. Defaults, but
 * for a TTL of 1 s (every query reaches the host).
 */
class SeveralSignedZonesIntegrationTests {

	private static final String[][] QUESTIONS = { { "www.example.com.", "A" }, { "www.example.com.", "MX" },
			{ "nothing.www.example.com.", "A" }, { "www.example.com.", "DNSKEY" }, { "api.example.org.", "A" },
			{ "api.example.org.", "TXT" }, { "api.example.org.", "MX" }, { "nothing.api.example.org.", "A" },
			{ "api.example.org.", "DNSKEY" } };

	@TempDir
	Path directory;

	@Test
	void bothZonesValidateEachWithItsOwnDs() throws Exception {
		Path wwwKey = TestKeys.pem(this.directory, "www.pem");
		Path apiKey = TestKeys.pem(this.directory, "api.pem");
		int port = TestServers.freePort();
		try (ConfigurableApplicationContext host = new SpringApplicationBuilder(TestKeys.SignedHost.class)
			.web(WebApplicationType.NONE)
			.properties("selfdns.addresses=127.0.0.1", "selfdns.listen.address=127.0.0.1",
					"selfdns.listen.port=" + port, "selfdns.shutdown.drain=0s", "selfdns.ttl=1s",
					"selfdns.dnssec.enabled=true", "selfdns.dnssec.keys[0].private-key=file:" + wwwKey,
					"selfdns.zones[0].zone=www.example.com", "selfdns.zones[0].name-servers=ns1.www.example.com 127.0.0.1",
					"selfdns.zones[1].zone=api.example.org", "selfdns.zones[1].name-servers=ns1.api.example.org 127.0.0.1",
					"selfdns.zones[1].records[0]=@ TXT \"v=verify123\"",
					"selfdns.zones[1].dnssec.keys[0].private-key=file:" + apiKey)
			.run()) {
			host.getBean(ServingGate.class).applicationReady();
			DSRecord www = host.getBean(DnssecSigning.class).keys().own().get(0).ds(3600);
			DnssecSigning apiSigning = host.getBean(ZoneSignings.class).zone(1);
			DSRecord api = apiSigning.keys().own().get(0).ds(3600);
			assertThat(api.getName()).isEqualTo(Name.fromConstantString("api.example.org."));
			assertThat(api.getDigest()).as("a key of its own").isNotEqualTo(www.getDigest());
			assertThat(host.getBean(ServedZones.class).tables().get(1).zone().origin()).isEqualTo(api.getName());
			int resolverPort = TestServers.freePort();
			Process unbound = dev.selfdns.Unbound.start(this.directory, resolverPort,
					"  module-config: \"validator iterator\"\n  trust-anchor: \"www.example.com. DS " + ValidatingResolverIntegrationTests.dsData(www)
							+ "\"\n  trust-anchor: \"api.example.org. DS " + ValidatingResolverIntegrationTests.dsData(api) + "\"\n  val-log-level: 2\n",
					"www.example.com", "127.0.0.1@" + port, "api.example.org", "127.0.0.1@" + port);
			try {
				SimpleResolver client = new SimpleResolver(new InetSocketAddress("127.0.0.1", resolverPort));
				client.setTimeout(Duration.ofSeconds(5));
				Deadline.poll(Duration.ofSeconds(20), () -> ValidatingResolverIntegrationTests.ask(client, "www.example.com.", "A"),
						(m) -> m != null && m.getRcode() == Rcode.NOERROR);
				for (String[] question : QUESTIONS) {
					Message response = ValidatingResolverIntegrationTests.ask(client, question[0], question[1]);
					assertThat(response).as("%s %s: no answer", question[0], question[1]).isNotNull();
					assertThat(response.getRcode()).as("%s %s: %s", question[0], question[1], response)
						.isEqualTo(question[0].startsWith("nothing.") ? Rcode.NXDOMAIN : Rcode.NOERROR);
					assertThat(response.getHeader().getFlag(Flags.AD))
						.as("%s %s authenticated: %s", question[0], question[1], response)
						.isTrue();
				}
			}
			finally {
				unbound.destroy();
				unbound.waitFor(10, TimeUnit.SECONDS);
			}
			assertThat(List.of(host.getBean(ZoneSignatures.class).zones().get(0).refresher().nextRefresh()))
				.as("the second zone's signatures are refreshed on their own")
				.doesNotContainNull();
		}
	}

	/**
	 * Nested zones, {@code api.www.example.com} inside {@code www.example.com}, both signed and
	 * served by one host, with a trust anchor for the outer zone alone: the outer zone delegates
	 * to the inner one with its DS set, answered from the parent side, so Unbound builds the
	 * chain of trust down to the inner zone and every answer of both zones is authenticated.
	 */
	@Test
	void aNestedZoneValidatesThroughTheDelegationTheOuterZoneServes() throws Exception {
		Path wwwKey = TestKeys.pem(this.directory, "www.pem");
		Path apiKey = TestKeys.pem(this.directory, "api.pem");
		int port = TestServers.freePort();
		try (ConfigurableApplicationContext host = new SpringApplicationBuilder(TestKeys.SignedHost.class)
			.web(WebApplicationType.NONE)
			.properties("selfdns.addresses=127.0.0.1", "selfdns.listen.address=127.0.0.1",
					"selfdns.listen.port=" + port, "selfdns.shutdown.drain=0s", "selfdns.ttl=1s",
					"selfdns.dnssec.enabled=true", "selfdns.dnssec.keys[0].private-key=file:" + wwwKey,
					"selfdns.zones[0].zone=www.example.com", "selfdns.zones[0].name-servers=ns1.www.example.com 127.0.0.1",
					"selfdns.zones[0].records[0]=zzz TXT \"after the cut\"",
					"selfdns.zones[1].zone=api.www.example.com",
					"selfdns.zones[1].name-servers=ns1.api.www.example.com 127.0.0.1",
					"selfdns.zones[1].records[0]=@ TXT \"v=verify123\"",
					"selfdns.zones[1].dnssec.keys[0].private-key=file:" + apiKey)
			.run()) {
			host.getBean(ServingGate.class).applicationReady();
			DSRecord www = host.getBean(DnssecSigning.class).keys().own().get(0).ds(3600);
			DnssecSigning api = host.getBean(ZoneSignings.class).zone(1);
			Message ds = new dev.selfdns.DnsTestClient(new InetSocketAddress("127.0.0.1", port),
					java.net.InetAddress.getByName("127.0.0.1"))
				.udp(signedQuery("api.www.example.com.", Type.DS));
			assertThat(ds.getSection(Section.ANSWER)).as("DS at the cut, from the parent side: %s", ds)
				.anySatisfy((r) -> assertThat(r).isInstanceOfSatisfying(DSRecord.class,
						(d) -> assertThat(d.getFootprint()).isEqualTo(api.keys().own().get(0).tag())))
				.anySatisfy((r) -> assertThat(r).isInstanceOfSatisfying(RRSIGRecord.class,
						(sig) -> assertThat(sig.getSigner()).isEqualTo(Name.fromConstantString("www.example.com."))));
			int resolverPort = TestServers.freePort();
			Process unbound = dev.selfdns.Unbound.start(this.directory, resolverPort,
					"  module-config: \"validator iterator\"\n  trust-anchor: \"www.example.com. DS "
							+ ValidatingResolverIntegrationTests.dsData(www) + "\"\n  val-log-level: 2\n",
					"www.example.com", "127.0.0.1@" + port);
			try {
				SimpleResolver client = new SimpleResolver(new InetSocketAddress("127.0.0.1", resolverPort));
				client.setTimeout(Duration.ofSeconds(5));
				Deadline.poll(Duration.ofSeconds(20),
						() -> ValidatingResolverIntegrationTests.ask(client, "www.example.com.", "A"),
						(m) -> m != null && m.getRcode() == Rcode.NOERROR);
				for (String[] question : new String[][] { { "api.www.example.com.", "A" },
						{ "api.www.example.com.", "TXT" }, { "api.www.example.com.", "MX" },
						{ "nothing.api.www.example.com.", "A" }, { "api.www.example.com.", "DNSKEY" },
						{ "api.www.example.com.", "DS" }, { "www.example.com.", "A" }, { "zzz.www.example.com.", "TXT" },
						{ "nothing.www.example.com.", "A" }, { "b.www.example.com.", "AAAA" } }) {
					Message response = ValidatingResolverIntegrationTests.ask(client, question[0], question[1]);
					assertThat(response).as("%s %s: no answer", question[0], question[1]).isNotNull();
					assertThat(response.getRcode()).as("%s %s: %s", question[0], question[1], response)
						.isEqualTo(question[0].startsWith("nothing.") || question[0].startsWith("b.")
								? Rcode.NXDOMAIN : Rcode.NOERROR);
					assertThat(response.getHeader().getFlag(Flags.AD))
						.as("%s %s authenticated: %s", question[0], question[1], response)
						.isTrue();
				}
			}
			finally {
				unbound.destroy();
				unbound.waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private static Message signedQuery(String name, int type) throws Exception {
		Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name), type,
				org.xbill.DNS.DClass.IN));
		query.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO), Section.ADDITIONAL);
		return query;
	}

}
