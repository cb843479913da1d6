package dev.selfdns.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.selfdns.TestServers;
import dev.selfdns.actuate.SelfDnsEndpoint;
import dev.selfdns.dnssec.DnssecSignings;
import dev.selfdns.dnssec.SignatureRefreshers;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfDnsDnssecAutoConfiguration}: off by default; on, the zone is signed from
 * a key file, DO=1 answers carry RRSIGs, the endpoint shows the DS to paste; every wrong
 * setting fails start-up naming the property, never showing the key.
 */
class SelfDnsDnssecAutoConfigurationTests {

	private final ApplicationContextRunner runner = TestServers.runner()
		.withConfiguration(AutoConfigurations.of(SelfDnsDnssecAutoConfiguration.class, EndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=selfdns");

	@TempDir
	Path directory;

	@Test
	void offByDefault() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(DnssecSignings.class)
			.doesNotHaveBean(SignatureRefreshers.class));
	}

	@Test
	void aKeyFileSignsTheZoneAndTheEndpointShowsTheDs() throws Exception {
		Path key = pem("key.pem");
		this.runner.withPropertyValues("selfdns.dnssec.enabled=true", "selfdns.dnssec.keys[0].private-key=file:" + key)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DnssecSignings.class).hasSingleBean(SignatureRefreshers.class);
				context.getBean(ServingGate.class).applicationReady();
				Message query = query("www.example.com.", Type.A);
				query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
				Message response = TestServers.client(context).udp(query);
				assertThat(response.getSection(Section.ANSWER)).hasAtLeastOneElementOfType(RRSIGRecord.class);
				SelfDnsEndpoint.DnssecDescriptor dnssec = context.getBean(SelfDnsEndpoint.class).status().dnssec();
				assertThat(dnssec.mode()).isEqualTo("shared-key");
				assertThat(dnssec.keys()).singleElement()
					.satisfies((k) -> assertThat(k.ds()).startsWith("www.example.com.\t3600\tIN\tDS\t" + k.tag() + " 13 2 "));
				assertThat(dnssec.expiration()).isNotNull();
				assertThat(dnssec.nextRefresh()).isNotNull();
			});
	}

	@Test
	void noKeySaysHowToMakeOne() {
		this.runner.withPropertyValues("selfdns.dnssec.enabled=true")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("dnssec-keygen -a 13"));
	}

	@Test
	void anUnreadableFileIsNamed() {
		this.runner
			.withPropertyValues("selfdns.dnssec.enabled=true", "selfdns.dnssec.keys[0].private-key=file:/nonexistent/K.private")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("selfdns.dnssec.keys[0].private-key: cannot read file:/nonexistent/K.private"));
	}

	@Test
	void aBadInlineKeyIsNamedButNeverShown() throws Exception {
		String truncated = Files.readString(pem("bad.pem")).replace("-----END PRIVATE KEY-----", "").substring(0, 90)
				+ "\n-----END PRIVATE KEY-----";
		String body = truncated.lines().skip(1).findFirst().orElseThrow();
		this.runner.withPropertyValues("selfdns.dnssec.enabled=true", "selfdns.dnssec.keys[0].private-key=" + truncated)
			.run((context) -> {
				assertThat(context).getFailure().hasStackTraceContaining("selfdns.dnssec.keys[0].private-key");
				for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
					assertThat(String.valueOf(cause.getMessage())).doesNotContain(body);
				}
			});
	}

	@Test
	void peerKeysNeedThePerHostMode() throws Exception {
		Path key = pem("own.pem");
		this.runner.withPropertyValues("selfdns.dnssec.enabled=true", "selfdns.dnssec.keys[0].private-key=file:" + key,
				"selfdns.dnssec.peer-keys[0]=257 3 13 AwEAAa")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("peer keys are for"));
	}

	@Test
	void signaturesMustOutliveTheRefresh() throws Exception {
		this.runner.withPropertyValues("selfdns.dnssec.signature-validity=7d", "selfdns.dnssec.refresh-before=7d")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("must be longer than selfdns.dnssec.refresh-before"));
	}

	/** Two zones side by side, signed: the first with selfdns.dnssec.keys, the second with the same or its own. */
	private ApplicationContextRunner twoZones(String second, String... properties) {
		return new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(SelfDnsDnssecAutoConfiguration.class, EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=selfdns", "selfdns.addresses=127.0.0.1",
					"selfdns.listen.address=127.0.0.1",
					"selfdns.listen.port=0", "selfdns.shutdown.drain=0s", "selfdns.dnssec.enabled=true",
					"selfdns.zones[0].zone=www.example.com", "selfdns.zones[0].name-servers=ns1.example.net",
					"selfdns.zones[1].zone=" + second, "selfdns.zones[1].name-servers=ns1.example.net")
			.withPropertyValues(properties);
	}

	@Test
	void everyZoneIsSignedWithTheSameKeysByDefaultEachWithItsOwnDs() throws Exception {
		Path key = pem("shared.pem");
		twoZones("api.example.org", "selfdns.dnssec.keys[0].private-key=file:" + key).run((context) -> {
			assertThat(context).hasNotFailed();
			DnssecSignings signings = context.getBean(DnssecSignings.class);
			dev.selfdns.dnssec.KeySet www = signings.of(org.xbill.DNS.Name.fromConstantString("www.example.com.")).keys();
			dev.selfdns.dnssec.KeySet api = signings.of(org.xbill.DNS.Name.fromConstantString("api.example.org.")).keys();
			assertThat(api.zone()).isEqualTo(org.xbill.DNS.Name.fromConstantString("api.example.org."));
			assertThat(api.own().get(0).tag()).as("the same key").isEqualTo(www.own().get(0).tag());
			assertThat(api.own().get(0).ds(3600).getDigest()).as("its own DS: the digest covers the zone's name")
				.isNotEqualTo(www.own().get(0).ds(3600).getDigest());
			List<SelfDnsEndpoint.ZoneDescriptor> zones = context.getBean(SelfDnsEndpoint.class).status().zones();
			assertThat(zones.get(0).dnssec().keys()).singleElement()
				.satisfies((k) -> assertThat(k.ds()).startsWith("www.example.com.\t3600\tIN\tDS\t" + k.tag() + " 13 2 "));
			assertThat(zones.get(1).dnssec().keys()).singleElement()
				.satisfies((k) -> assertThat(k.ds()).startsWith("api.example.org.\t3600\tIN\tDS\t" + k.tag() + " 13 2 "));
			assertThat(zones.get(1).dnssec().expiration()).isNotNull();
			assertThat(context.getBean(SignatureRefreshers.class).byZone()).hasSize(2)
				.allSatisfy((zone, refresher) -> assertThat(refresher.signing()).isSameAs(signings.of(zone)));
		});
	}

	@Test
	void anOuterZoneListedAfterItsChildHoldsTheChildsDs() throws Exception {
		Path key = pem("shared.pem");
		Path own = pem("outer.pem");
		// The child first: the first zone's keys, read for its own bean, sign the outer zone's DS.
		twoZones("example.com", "selfdns.zones[0].zone=api.example.com", "selfdns.dnssec.keys[0].private-key=file:" + key,
				"selfdns.zones[1].dnssec.keys[0].private-key=file:" + own)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				int childTag = context.getBean(DnssecSignings.class)
					.of(org.xbill.DNS.Name.fromConstantString("api.example.com."))
					.keys()
					.own()
					.get(0)
					.tag();
				dev.selfdns.zone.ServiceZone outer = context.getBean(dev.selfdns.query.ServedZones.class)
					.tables()
					.get(1)
					.zone();
				assertThat(outer.records().get(org.xbill.DNS.Name.fromConstantString("api.example.com."),
						org.xbill.DNS.Type.DS).rrs())
					.singleElement()
					.satisfies((ds) -> assertThat(((org.xbill.DNS.DSRecord) ds).getFootprint()).isEqualTo(childTag));
			});
	}

	@Test
	void aZonesOwnBadKeyIsNamedWithItsZone() throws Exception {
		Path key = pem("shared.pem");
		twoZones("api.example.org", "selfdns.dnssec.keys[0].private-key=file:" + key,
				"selfdns.zones[1].dnssec.keys[0].private-key=file:/nonexistent/K.private")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("selfdns.zones[1].dnssec.keys[0].private-key: cannot read"));
	}

	private Path pem(String name) throws Exception {
		return dev.selfdns.dnssec.TestKeys.pem(this.directory, name);
	}

}
