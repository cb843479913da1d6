package dev.selfdns;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the answer table in docs/behaviour.md, asked over real sockets, UDP and TCP.
 */
class AnswerTableIntegrationTests {

	private static final Name ZONE = Name.fromConstantString("www.example.com.");

	@ParameterizedTest
	@EnumSource(Transport.class)
	void apexAddressQueryIsAnsweredWithOwnAddressesAuthoritatively(Transport transport) {
		TestServers.run((client) -> {
			Message a = transport.exchange(client, query("www.example.com.", Type.A));
			assertAuthoritativeAnswer(a, Rcode.NOERROR);
			assertThat(a.getSection(Section.ANSWER)).singleElement().satisfies((record) -> {
				assertThat(((ARecord) record).getAddress().getHostAddress()).isEqualTo("192.0.2.1");
				assertThat(record.getTTL()).isEqualTo(10);
				assertThat(record.getName()).isEqualTo(ZONE);
			});
			Message aaaa = transport.exchange(client, query("www.example.com.", Type.AAAA));
			assertAuthoritativeAnswer(aaaa, Rcode.NOERROR);
			assertThat(aaaa.getSection(Section.ANSWER)).singleElement()
				.satisfies((record) -> assertThat(((AAAARecord) record).getAddress().getHostAddress())
					.isEqualTo("2001:db8:0:0:0:0:0:1"));
		}, "selfdns.ttl=10s");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void addressFamilyTheHostLacksIsNodataWithSoa(Transport transport) {
		TestServers.run((client) -> {
			Message response = transport.exchange(client, query("www.example.com.", Type.AAAA));
			assertNodata(response);
			assertThat(response.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(30);
		}, "selfdns.addresses=192.0.2.1", "selfdns.soa.negative-ttl=30s");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void nsQueryReturnsTheWholeSetWithGlueForInZoneNames(Transport transport) {
		TestServers.run((client) -> {
			Message response = transport.exchange(client, query("www.example.com.", Type.NS));
			assertAuthoritativeAnswer(response, Rcode.NOERROR);
			assertThat(response.getSection(Section.ANSWER)).map((r) -> ((NSRecord) r).getTarget().toString())
				.containsExactly("ns1.www.example.com.", "ns2.dns.www.example.com.", "ns3.example.net.");
			assertThat(response.getSection(Section.ADDITIONAL)).filteredOn((r) -> r.getType() != Type.OPT)
				.map((r) -> r.getName() + " " + r.rdataToString())
				.containsExactlyInAnyOrder("ns1.www.example.com. 192.0.2.1", "ns1.www.example.com. 2001:db8:0:0:0:0:0:1",
						"ns2.dns.www.example.com. 192.0.2.2");
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void soaQueryReturnsTheSoa(Transport transport) {
		TestServers.run((client) -> {
			Message response = transport.exchange(client, query("www.example.com.", Type.SOA));
			assertAuthoritativeAnswer(response, Rcode.NOERROR);
			SOARecord soa = (SOARecord) response.getSection(Section.ANSWER).get(0);
			assertThat(soa.getHost()).hasToString("ns1.www.example.com.");
			assertThat(soa.getAdmin()).hasToString("dns\\.team.example.com.");
			assertThat(soa.getSerial()).isEqualTo(2026112501L);
			assertThat(soa.getMinimum()).isEqualTo(soa.getTTL()).isEqualTo(10);
		}, "selfdns.soa.hostmaster=dns.team@example.com", "selfdns.soa.serial=2026112501");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void otherTypesAtTheApexAreNodata(Transport transport) {
		TestServers.run((client) -> {
			for (int type : new int[] { Type.TXT, Type.MX, Type.CNAME, Type.DS, Type.DNSKEY, Type.HTTPS }) {
				assertNodata(transport.exchange(client, query("www.example.com.", type)));
			}
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void anyIsAnsweredMinimallyWithOneRrset(Transport transport) {
		TestServers.run((client) -> {
			Message response = transport.exchange(client, query("www.example.com.", Type.ANY));
			assertAuthoritativeAnswer(response, Rcode.NOERROR);
			assertThat(response.getSection(Section.ANSWER)).isNotEmpty().allMatch((r) -> r.getType() == Type.A);
			assertThat(response.getSection(Section.AUTHORITY)).isEmpty();
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void namesBelowTheZoneAreNxdomainWithSoa(Transport transport) {
		TestServers.run((client) -> {
			Message response = transport.exchange(client, query("nothing.www.example.com.", Type.A));
			assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
			assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
			assertThat(response.getSection(Section.ANSWER)).isEmpty();
			assertThat(response.getSection(Section.AUTHORITY)).singleElement()
				.satisfies((soa) -> assertThat(soa.getType()).isEqualTo(Type.SOA));
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void inZoneNameServerNamesAreAnsweredWithTheirAddresses(Transport transport) {
		TestServers.run((client) -> {
			Message a = transport.exchange(client, query("NS2.dns.www.example.com.", Type.A));
			assertAuthoritativeAnswer(a, Rcode.NOERROR);
			assertThat(a.getSection(Section.ANSWER)).map(Record::rdataToString).containsExactly("192.0.2.2");
			assertNodata(transport.exchange(client, query("ns2.dns.www.example.com.", Type.AAAA)));
			assertNodata(transport.exchange(client, query("ns1.www.example.com.", Type.TXT)));
			// RFC 8020: the empty non-terminal above ns2 exists, so it is NODATA, not NXDOMAIN.
			assertNodata(transport.exchange(client, query("dns.www.example.com.", Type.A)));
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void wildcardAnswersNamesBelowTheZoneLikeTheZone(Transport transport) {
		TestServers.run((client) -> {
			Message a = transport.exchange(client, query("Tenant-42.www.example.com.", Type.A));
			assertAuthoritativeAnswer(a, Rcode.NOERROR);
			assertThat(a.getSection(Section.ANSWER)).singleElement().satisfies((record) -> {
				assertThat(record.getName()).hasToString("Tenant-42.www.example.com.");
				assertThat(record.rdataToString()).isEqualTo("192.0.2.1");
			});
			assertNodata(transport.exchange(client, query("a.b.www.example.com.", Type.MX)));
			// Names under existing nodes are not covered by the apex wildcard (RFC 4592).
			assertThat(transport.exchange(client, query("x.ns1.www.example.com.", Type.A)).getRcode())
				.isEqualTo(Rcode.NXDOMAIN);
		}, "selfdns.wildcard=true");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void namesOutsideTheZoneAndOtherClassesAreRefused(Transport transport) {
		TestServers.run((client) -> {
			for (String name : List.of("example.com.", "www.example.org.", "xwww.example.com.", ".")) {
				Message response = transport.exchange(client, query(name, Type.A));
				assertThat(response.getRcode()).as(name).isEqualTo(Rcode.REFUSED);
				assertThat(response.getHeader().getFlag(Flags.AA)).isFalse();
				assertThat(response.getSectionArray(Section.ANSWER)).isEmpty();
				assertThat(response.getSectionArray(Section.AUTHORITY)).isEmpty();
			}
			Message chaos = Message
				.newQuery(Record.newRecord(Name.fromConstantString("version.bind."), Type.TXT, DClass.CH));
			assertThat(transport.exchange(client, chaos).getRcode()).isEqualTo(Rcode.REFUSED);
			Message wrongClass = Message.newQuery(Record.newRecord(ZONE, Type.A, DClass.CH));
			assertThat(transport.exchange(client, wrongClass).getRcode()).isEqualTo(Rcode.REFUSED);
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void zoneTransfersAreRefused(Transport transport) {
		TestServers.run((client) -> {
			assertThat(transport.exchange(client, query("www.example.com.", Type.AXFR)).getRcode())
				.isEqualTo(Rcode.REFUSED);
			assertThat(transport.exchange(client, query("www.example.com.", Type.IXFR)).getRcode())
				.isEqualTo(Rcode.REFUSED);
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void otherOpcodesAreNotImplementedAndUpdateIsRefused(Transport transport) {
		TestServers.run((client) -> {
			Message notify = query("www.example.com.", Type.SOA);
			notify.getHeader().setOpcode(Opcode.NOTIFY);
			Message notifyResponse = transport.exchange(client, notify);
			assertThat(notifyResponse.getRcode()).isEqualTo(Rcode.NOTIMP);
			assertThat(notifyResponse.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
			Message update = query("www.example.com.", Type.SOA);
			update.getHeader().setOpcode(Opcode.UPDATE);
			assertThat(transport.exchange(client, update).getRcode()).isEqualTo(Rcode.REFUSED);
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void malformedMessagesWithAHeaderGetFormerrAndShorterOnesNothing(Transport transport) {
		TestServers.run((client) -> {
			byte[] valid = query("www.example.com.", Type.A).toWire();
			byte[] cut = Arrays.copyOf(valid, valid.length - 3);
			Message formerr = new Message(transport.exchangeRaw(client, cut));
			assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
			assertThat(formerr.getHeader().getID()).isEqualTo(DnsHeaderBytes.id(valid));
			assertThat(formerr.getHeader().getFlag(Flags.QR)).isTrue();
			assertThat(transport.exchangeRaw(client, Arrays.copyOf(valid, 11))).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void responsesAreNeverAnswered(Transport transport) {
		TestServers.run((client) -> {
			Message response = query("www.example.com.", Type.A);
			response.getHeader().setFlag(Flags.QR);
			assertThat(transport.exchangeRaw(client, response.toWire())).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void questionIsCopiedByteForByteAndRdIsEchoedWithoutRa(Transport transport) {
		TestServers.run((client) -> {
			for (String name : List.of("wWw.ExAmPlE.CoM.", "WWW.EXAMPLE.COM.", "nx.WwW.example.COM.", "other.ORG.")) {
				Message query = query(name, Type.A);
				byte[] wire = query.toWire();
				byte[] response = transport.exchangeRaw(client, wire);
				int questionLength = Name.fromConstantString(name).length() + 4;
				assertThat(Arrays.copyOfRange(response, 12, 12 + questionLength)).as(name)
					.isEqualTo(Arrays.copyOfRange(wire, 12, 12 + questionLength));
				Message parsed = new Message(response);
				assertThat(parsed.getHeader().getFlag(Flags.RD)).isTrue();
				assertThat(parsed.getHeader().getFlag(Flags.RA)).isFalse();
			}
			Message noRecursion = query("www.example.com.", Type.A);
			noRecursion.getHeader().unsetFlag(Flags.RD);
			assertThat(transport.exchange(client, noRecursion).getHeader().getFlag(Flags.RD)).isFalse();
		});
	}

	static void assertAuthoritativeAnswer(Message response, int rcode) {
		assertThat(response.getRcode()).isEqualTo(rcode);
		assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
		assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
		assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
		assertThat(response.getHeader().getFlag(Flags.RA)).isFalse();
		assertThat(response.getSection(Section.ANSWER)).isNotEmpty();
	}

	static void assertNodata(Message response) {
		assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
		assertThat(response.getSection(Section.ANSWER)).isEmpty();
		assertThat(response.getSection(Section.AUTHORITY)).singleElement().satisfies((soa) -> {
			assertThat(soa.getType()).isEqualTo(Type.SOA);
			assertThat(soa.getName()).isEqualTo(ZONE);
			assertThat(soa.getTTL()).isEqualTo(((SOARecord) soa).getMinimum());
		});
	}

}
