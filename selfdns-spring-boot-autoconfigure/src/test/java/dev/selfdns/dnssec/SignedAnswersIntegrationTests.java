package dev.selfdns.dnssec;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.ServiceZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed zone served over real UDP and TCP on loopback, checked by dnsjava's validating
 * resolver with the zone's DNSKEY as its trust anchor: positive answers, NODATA at the apex
 * and at an empty non-terminal, NXDOMAIN, wildcard expansion and wildcard NODATA, DNSKEY, DS
 * NODATA and the probe all come back authenticated (AD). Without DO, every answer is byte for
 * byte what the unsigned zone gives, but for DNSKEY, which a signed zone answers.
 */
class SignedAnswersIntegrationTests {

	private static final SigningKey KEY = newKey();

	private static final List<String[]> QUESTIONS = List.of(new String[] { "www.example.com.", "A" },
			new String[] { "www.example.com.", "AAAA" }, new String[] { "www.example.com.", "SOA" },
			new String[] { "www.example.com.", "NS" }, new String[] { "www.example.com.", "MX" },
			new String[] { "www.example.com.", "DNSKEY" }, new String[] { "www.example.com.", "DS" },
			new String[] { "ns1.www.example.com.", "A" }, new String[] { "ns1.www.example.com.", "TXT" },
			new String[] { "dns.www.example.com.", "A" }, new String[] { "tenant-7.www.example.com.", "A" },
			new String[] { "tenant-7.www.example.com.", "MX" }, new String[] { "a.b.www.example.com.", "AAAA" },
			new String[] { "zzz.www.example.com.", "A" }, new String[] { "x.ns2.dns.www.example.com.", "A" },
			new String[] { "_selfdns.www.example.com.", "TXT" });

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void everyAnswerValidates(boolean wildcard) {
		signed(wildcard).run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			int port = context.getBean(DnsServer.class).getPort();
			assertEveryAnswerValidates(port, wildcard,
					QUESTIONS.stream().filter((question) -> !question[1].equals("DS")).toArray(String[][]::new));
		});
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void staticRecordsAndTheNamesTheyMakeValidate(boolean wildcard) {
		signed(wildcard).withPropertyValues(TestServers.RECORDS).run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			int port = context.getBean(DnsServer.class).getPort();
			String[][] questions = { { "www.example.com.", "TXT" }, { "www.example.com.", "CAA" },
					{ "www.example.com.", "MX" }, { "www.example.com.", "HINFO" },
					// A validator follows a CNAME out of the zone, where this server refuses: asked as CNAME.
					{ "_acme-challenge.www.example.com.", "CNAME" },
					{ "_dmarc.www.example.com.", "TXT" }, { "_dmarc.www.example.com.", "A" },
					{ "_sip._tcp.www.example.com.", "SRV" }, { "_tcp.www.example.com.", "A" },
					{ "x._dmarc.www.example.com.", "A" }, { "x._acme-challenge.www.example.com.", "TXT" },
					{ "x._tcp.www.example.com.", "A" }, { "tenant-7.www.example.com.", "A" },
					{ "zzz.www.example.com.", "TXT" },
					// Names at every place in the NSEC chain, below each owner and each empty non-terminal.
					{ "0.www.example.com.", "A" }, { "~.www.example.com.", "A" }, { "_a.www.example.com.", "A" },
					{ "zz._tcp.www.example.com.", "A" }, { "a._sip._tcp.www.example.com.", "A" },
					{ "_sjp._tcp.www.example.com.", "A" }, { "a.b.c._dmarc.www.example.com.", "TXT" },
					{ "_acme-challengf.www.example.com.", "A" }, { "a.ns2.dns.www.example.com.", "A" },
					{ "zz.dns.www.example.com.", "A" } };
			assertEveryAnswerValidates(port, wildcard, questions);
			Message query = query("_acme-challenge.www.example.com.", Type.TXT);
			query.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO), Section.ADDITIONAL);
			Message response = TestServers.client(context).udp(query);
			assertThat(response.getSection(Section.ANSWER)).extracting(Record::getType)
				.containsExactly(Type.CNAME, Type.RRSIG);
			Message nsecQuery = query("_acme-challenge.www.example.com.", Type.NSEC);
			nsecQuery.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO),
					Section.ADDITIONAL);
			org.xbill.DNS.NSECRecord nsec = (org.xbill.DNS.NSECRecord) TestServers.client(context)
				.udp(nsecQuery)
				.getSection(Section.ANSWER)
				.get(0);
			assertThat(nsec.getTypes()).containsExactlyInAnyOrder(Type.CNAME, Type.RRSIG, Type.NSEC);
		});
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void cnamesFollowedInsideTheZoneValidate(boolean wildcard) {
		signed(wildcard).withPropertyValues(TestServers.IN_ZONE_CNAMES).run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			int port = context.getBean(DnsServer.class).getPort();
			assertEveryAnswerValidates(port, wildcard,
					new String[][] { { "shop.www.example.com.", "A" }, { "alias.www.example.com.", "AAAA" },
							{ "mx1.www.example.com.", "A" }, { "text.www.example.com.", "TXT" },
							{ "shop.www.example.com.", "MX" }, { "gone.www.example.com.", "A" },
							{ "gone.www.example.com.", "MX" } });
			Message query = query("alias.www.example.com.", Type.A);
			query.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO), Section.ADDITIONAL);
			assertThat(TestServers.client(context).udp(query).getSection(Section.ANSWER)).extracting(Record::getType)
				.as("the chain, then each RRset's RRSIG")
				.containsExactly(Type.CNAME, Type.CNAME, Type.A, Type.RRSIG, Type.RRSIG, Type.RRSIG);
		});
	}

	@org.junit.jupiter.api.Test
	void signaturesThatDoNotFitAreTruncatedAndComeWholeOverTcp() {
		TestServers.runner()
			.withPropertyValues(TestServers.MANY_NAME_SERVERS)
			.withUserConfiguration(SignedZoneConfiguration.class)
			.run((context) -> {
				context.getBean(ServingGate.class).applicationReady();
				Message query = query("www.example.com.", Type.NS);
				query.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO),
						Section.ADDITIONAL);
				DnsTestClient client = TestServers.client(context);
				Message udp = client.udp(query);
				assertThat(udp.getHeader().getFlag(Flags.TC)).as("13 name servers' glue and its RRSIGs").isTrue();
				Message tcp = client.tcp(query);
				assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
				assertThat(tcp.getSection(Section.ANSWER)).hasAtLeastOneElementOfType(org.xbill.DNS.RRSIGRecord.class);
				assertThat(tcp.getSection(Section.ADDITIONAL)).hasAtLeastOneElementOfType(org.xbill.DNS.RRSIGRecord.class);
				Message withoutDo = query("www.example.com.", Type.NS);
				withoutDo.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
				Message plain = client.udp(withoutDo);
				assertThat(plain.getHeader().getFlag(Flags.TC)).as("without DO it fits, as before").isFalse();
			});
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void dsAtTheApexIsNodataWithTheApexNsec(boolean wildcard) {
		// A validator asks the parent for the DS; the child answers NODATA, its apex NSEC without DS.
		signed(wildcard).run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			Message query = query("www.example.com.", Type.DS);
			query.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO), Section.ADDITIONAL);
			Message response = TestServers.client(context).udp(query);
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.getSection(Section.ANSWER)).isEmpty();
			org.xbill.DNS.NSECRecord nsec = response.getSection(Section.AUTHORITY)
				.stream()
				.filter(org.xbill.DNS.NSECRecord.class::isInstance)
				.map(org.xbill.DNS.NSECRecord.class::cast)
				.findFirst()
				.orElseThrow();
			assertThat(nsec.getName()).isEqualTo(Name.fromConstantString("www.example.com."));
			assertThat(nsec.hasType(Type.DS)).isFalse();
			assertThat(nsec.hasType(Type.SOA)).isTrue();
		});
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void withoutDoAnswersAreThoseOfTheUnsignedZone(boolean wildcard) {
		String property = "selfdns.wildcard=" + wildcard;
		TestServers.runner().withPropertyValues(property).run((unsigned) -> signed(wildcard).run((signed) -> {
			unsigned.getBean(ServingGate.class).applicationReady();
			signed.getBean(ServingGate.class).applicationReady();
			DnsTestClient plain = TestServers.client(unsigned);
			DnsTestClient signing = TestServers.client(signed);
			for (String[] question : QUESTIONS) {
				Message query = query(question[0], Type.value(question[1]));
				byte[] expected = plain.udp(query).toWire();
				byte[] actual = signing.udp(query).toWire();
				if (question[1].equals("DNSKEY") && question[0].equals("www.example.com.")) {
					assertThat(signing.udp(query).getSection(Section.ANSWER)).hasSize(1);
					continue;
				}
				assertThat(actual).as("%s %s", question[0], question[1]).isEqualTo(expected);
			}
		}));
	}

	/** Each question, over UDP and over TCP, comes back authenticated from dnsjava's validator. */
	private static void assertEveryAnswerValidates(int port, boolean wildcard, String[][] questions) throws Exception {
		for (boolean tcp : new boolean[] { false, true }) {
			ValidatingResolver validator = validator(port, tcp);
			for (String[] question : questions) {
				Message response = validator.send(Message
					.newQuery(Record.newRecord(Name.fromString(question[0]), Type.value(question[1]), DClass.IN)));
				assertThat(response.getHeader().getFlag(Flags.AD))
					.as("%s %s over %s (wildcard %s): %s", question[0], question[1], tcp ? "TCP" : "UDP", wildcard,
							response)
					.isTrue();
				assertThat(response.getRcode()).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
			}
		}
	}

	private static ApplicationContextRunner signed(boolean wildcard) {
		return TestServers.runner()
			.withPropertyValues("selfdns.wildcard=" + wildcard)
			.withUserConfiguration(SignedZoneConfiguration.class);
	}

	private static ValidatingResolver validator(int port, boolean tcp) throws Exception {
		SimpleResolver upstream = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
		upstream.setTCP(tcp);
		upstream.setTimeout(Duration.ofSeconds(2));
		ValidatingResolver validator = new ValidatingResolver(upstream);
		String anchor = KEY.dnskey().toString() + "\n";
		validator.loadTrustAnchors(new ByteArrayInputStream(anchor.getBytes(StandardCharsets.US_ASCII)));
		return validator;
	}

	private static SigningKey newKey() {
		return TestKeys.newKey();
	}

	@Configuration(proxyBeanMethods = false)
	static class SignedZoneConfiguration {

		@Bean
		AnswerTable selfDnsAnswerTable(ServiceZone zone) {
			ZoneSigner signer = new ZoneSigner(new KeySet(zone.origin(), List.of(KEY), List.of(), 3600),
					Duration.ofDays(14), Duration.ofHours(1), Clock.systemUTC());
			return new AnswerTable(zone, (served) -> new SignedAnswers(served, signer.sign(served)));
		}

	}

}
