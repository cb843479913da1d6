package dev.selfdns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import static dev.selfdns.AnswerTableIntegrationTests.assertAuthoritativeAnswer;
import static dev.selfdns.AnswerTableIntegrationTests.assertNodata;
import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static records (TXT, CAA, MX, SRV, a CNAME for ACME DNS-01) served next to the host's own
 * answers over real sockets, UDP and TCP, with and without wildcard answers: each type at the
 * apex and below it, the names they create (no NXDOMAIN, empty non-terminals NODATA, the
 * wildcard not applying to them or below them, RFC 4592), ANY minimal.
 */
class StaticRecordsIntegrationTests {

	static Stream<Arguments> transportsAndWildcard() {
		List<Arguments> cases = new ArrayList<>();
		for (Transport transport : Transport.values()) {
			for (boolean wildcard : new boolean[] { false, true }) {
				cases.add(Arguments.of(transport, wildcard));
			}
		}
		return cases.stream();
	}

	private static void run(boolean wildcard, TestServers.ClientConsumer test) {
		String[] properties = Arrays.copyOf(TestServers.RECORDS, TestServers.RECORDS.length + 1);
		properties[TestServers.RECORDS.length] = "selfdns.wildcard=" + wildcard;
		TestServers.run(test, properties);
	}

	@ParameterizedTest(name = "{0}, wildcard {1}")
	@MethodSource("transportsAndWildcard")
	void apexRecordsOfEveryTypeAreServedBesideTheHostsOwn(Transport transport, boolean wildcard) {
		run(wildcard, (client) -> {
			Message txt = transport.exchange(client, query("www.example.com.", Type.TXT));
			assertAuthoritativeAnswer(txt, Rcode.NOERROR);
			assertThat(txt.getSection(Section.ANSWER)).map((r) -> ((TXTRecord) r).getStrings().get(0))
				.containsExactlyInAnyOrder("v=verify123", "google-site-verification=abc");
			assertThat(txt.getSection(Section.ANSWER)).allSatisfy((r) -> assertThat(r.getTTL()).isEqualTo(10));
			Message caa = transport.exchange(client, query("www.example.com.", Type.CAA));
			assertAuthoritativeAnswer(caa, Rcode.NOERROR);
			assertThat(caa.getSection(Section.ANSWER)).singleElement()
				.satisfies((r) -> assertThat(((CAARecord) r).getValue()).isEqualTo("letsencrypt.org"));
			Message mx = transport.exchange(client, query("www.example.com.", Type.MX));
			assertThat(mx.getSection(Section.ANSWER)).singleElement()
				.satisfies((r) -> assertThat(((MXRecord) r).getTarget().toString()).isEqualTo("mail.example.net."));
			Message a = transport.exchange(client, query("www.example.com.", Type.A));
			assertThat(a.getSection(Section.ANSWER)).singleElement()
				.satisfies((r) -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("192.0.2.1"));
			assertNodata(transport.exchange(client, query("www.example.com.", Type.HINFO)));
			Message any = transport.exchange(client, query("www.example.com.", Type.ANY));
			assertThat(any.getSection(Section.ANSWER)).as("RFC 8482: one RRset").singleElement()
				.satisfies((r) -> assertThat(r.getType()).isEqualTo(Type.A));
		});
	}

	@ParameterizedTest(name = "{0}, wildcard {1}")
	@MethodSource("transportsAndWildcard")
	void aCnameAnswersEveryTypeAtItsName(Transport transport, boolean wildcard) {
		run(wildcard, (client) -> {
			for (int type : new int[] { Type.TXT, Type.CNAME, Type.A, Type.AAAA, Type.ANY, Type.HINFO }) {
				Message response = transport.exchange(client, query("_acme-challenge.www.example.com.", type));
				assertAuthoritativeAnswer(response, Rcode.NOERROR);
				assertThat(response.getSection(Section.ANSWER)).as(Type.string(type)).singleElement().satisfies((r) -> {
					assertThat(r).isInstanceOf(CNAMERecord.class);
					assertThat(((CNAMERecord) r).getTarget().toString()).isEqualTo("_acme-challenge.acme.example.net.");
				});
			}
		});
	}

	/**
	 * RFC 1034 section 4.3.2 step 3a: a CNAME whose target is a name of the zone is followed, each
	 * CNAME of the chain and the target's records in the answer; a chain ends where its target is
	 * elsewhere, missing, without the type, a loop, or a wildcard expansion.
	 */
	@ParameterizedTest(name = "{0}, wildcard {1}")
	@MethodSource("transportsAndWildcard")
	void aCnameToANameOfTheZoneIsFollowed(Transport transport, boolean wildcard) {
		String[] properties = Arrays.copyOf(TestServers.IN_ZONE_CNAMES, TestServers.IN_ZONE_CNAMES.length + 1);
		properties[TestServers.IN_ZONE_CNAMES.length] = "selfdns.wildcard=" + wildcard;
		TestServers.run((client) -> {
			assertThat(answer(transport.exchange(client, query("shop.www.example.com.", Type.A))))
				.containsExactly("shop.www.example.com. CNAME www.example.com.", "www.example.com. A 192.0.2.1");
			assertThat(answer(transport.exchange(client, query("ALIAS.www.example.com.", Type.AAAA)))).containsExactly(
					"alias.www.example.com. CNAME shop.www.example.com.", "shop.www.example.com. CNAME www.example.com.",
					"www.example.com. AAAA 2001:db8:0:0:0:0:0:1");
			assertThat(answer(transport.exchange(client, query("mx1.www.example.com.", Type.A))))
				.containsExactly("mx1.www.example.com. CNAME ns1.www.example.com.", "ns1.www.example.com. A 192.0.2.1");
			assertThat(answer(transport.exchange(client, query("text.www.example.com.", Type.TXT))))
				.containsExactly("text.www.example.com. CNAME info.www.example.com.", "info.www.example.com. TXT followed");
			Message noMx = transport.exchange(client, query("shop.www.example.com.", Type.MX));
			assertThat(answer(noMx)).as("the target has no MX: the CNAME, and NODATA's SOA")
				.containsExactly("shop.www.example.com. CNAME www.example.com.");
			assertThat(noMx.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(org.xbill.DNS.SOARecord.class);
			Message gone = transport.exchange(client, query("gone.www.example.com.", Type.A));
			if (wildcard) {
				assertThat(answer(gone)).as("the wildcard answers the target")
					.containsExactly("gone.www.example.com. CNAME nothing-here.www.example.com.",
							"nothing-here.www.example.com. A 192.0.2.1");
			}
			else {
				// RFC 6604: the rcode is the last target's.
				assertThat(gone.getRcode()).isEqualTo(Rcode.NXDOMAIN);
				assertThat(gone.getSection(Section.ANSWER)).singleElement()
					.satisfies((r) -> assertThat(((CNAMERecord) r).getTarget().toString())
						.isEqualTo("nothing-here.www.example.com."));
				assertThat(gone.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(org.xbill.DNS.SOARecord.class);
			}
			assertThat(answer(transport.exchange(client, query("loop1.www.example.com.", Type.A))))
				.containsExactly("loop1.www.example.com. CNAME loop2.www.example.com.",
						"loop2.www.example.com. CNAME loop1.www.example.com.");
			assertThat(answer(transport.exchange(client, query("shop.www.example.com.", Type.CNAME))))
				.containsExactly("shop.www.example.com. CNAME www.example.com.");
		}, properties);
	}

	/** The answer section, each record as "owner TYPE rdata", the owner in lower case. */
	private static List<String> answer(Message response) {
		assertAuthoritativeAnswer(response, Rcode.NOERROR);
		return response.getSection(Section.ANSWER)
			.stream()
			.map((r) -> r.getName().toString().toLowerCase(java.util.Locale.ROOT) + " " + Type.string(r.getType()) + " "
					+ r.rdataToString())
			.toList();
	}

	@ParameterizedTest(name = "{0}, wildcard {1}")
	@MethodSource("transportsAndWildcard")
	void namesWithRecordsAreRealNamesTheWildcardDoesNotCover(Transport transport, boolean wildcard) {
		run(wildcard, (client) -> {
			Message dmarc = transport.exchange(client, query("_DMARC.www.example.com.", Type.TXT));
			assertAuthoritativeAnswer(dmarc, Rcode.NOERROR);
			assertThat(dmarc.getSection(Section.ANSWER)).singleElement().satisfies((r) -> {
				assertThat(r.getTTL()).as("the line's own TTL").isEqualTo(3600);
				assertThat(((TXTRecord) r).getStrings()).containsExactly("v=DMARC1; p=none");
			});
			// RFC 4592 section 2.2.1: a name that exists is never synthesized from the wildcard.
			assertNodata(transport.exchange(client, query("_dmarc.www.example.com.", Type.A)));
			Message srv = transport.exchange(client, query("_sip._tcp.www.example.com.", Type.SRV));
			assertThat(srv.getSection(Section.ANSWER)).singleElement()
				.satisfies((r) -> assertThat(((SRVRecord) r).getPort()).isEqualTo(5060));
			assertNodata(transport.exchange(client, query("_tcp.www.example.com.", Type.A)));
			for (String below : new String[] { "x._dmarc.www.example.com.", "x._acme-challenge.www.example.com.",
					"x._tcp.www.example.com." }) {
				Message response = transport.exchange(client, query(below, Type.A));
				assertThat(response.getRcode()).as("%s: its closest encloser is not the apex", below)
					.isEqualTo(Rcode.NXDOMAIN);
			}
			Message any = transport.exchange(client, query("_dmarc.www.example.com.", Type.ANY));
			assertThat(any.getSection(Section.ANSWER)).singleElement()
				.satisfies((r) -> assertThat(r.getType()).isEqualTo(Type.TXT));
			Message tenant = transport.exchange(client, query("tenant-7.www.example.com.", Type.A));
			assertThat(tenant.getRcode()).isEqualTo(wildcard ? Rcode.NOERROR : Rcode.NXDOMAIN);
			if (wildcard) {
				assertThat(tenant.getSection(Section.ANSWER)).singleElement()
					.satisfies((r) -> assertThat(r.getName()).isEqualTo(Name.fromString("tenant-7.www.example.com.")));
			}
		});
	}

	@ParameterizedTest(name = "{0}, wildcard {1}")
	@MethodSource("transportsAndWildcard")
	void withoutRecordsTheSameNamesAreWhatTheyWere(Transport transport, boolean wildcard) {
		TestServers.run((client) -> {
			Message txt = transport.exchange(client, query("www.example.com.", Type.TXT));
			assertNodata(txt);
			Message acme = transport.exchange(client, query("_acme-challenge.www.example.com.", Type.TXT));
			List<Record> answer = acme.getSection(Section.ANSWER);
			assertThat(acme.getRcode()).isEqualTo(wildcard ? Rcode.NOERROR : Rcode.NXDOMAIN);
			assertThat(answer).isEmpty();
		}, "selfdns.wildcard=" + wildcard);
	}

}
