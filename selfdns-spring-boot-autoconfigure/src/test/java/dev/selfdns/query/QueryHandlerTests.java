package dev.selfdns.query;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.WhenClosed;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.wire.ResponseWriter;
import dev.selfdns.zone.ServiceZone;
import dev.selfdns.zone.ZoneAnswer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes in, bytes out: the prepared, spliced answers of the query path say exactly what the
 * reference definition {@link ServiceZone#answer(Name, int, int)} says, for every kind of
 * name, letter case and type.
 */
class QueryHandlerTests {

	private static final Name ORIGIN = Name.fromConstantString("www.example.com.");

	private static final List<String> NAMES = List.of("www.example.com.", "WWW.Example.COM.",
			"ns1.www.example.com.", "Ns2.Dns.www.example.com.", "dns.www.example.com.", "x.www.example.com.",
			"a.b.c.www.example.com.", "x.ns1.www.example.com.", "y.dns.www.example.com.", "example.com.",
			"www.example.org.", "xwww.example.com.", "com.", ".", "_selfdns.www.example.com.",
			"_SELFDNS.Www.example.com.", "x._selfdns.www.example.com.", "_acme-challenge.www.example.com.",
			"_DMARC.www.example.com.", "_tcp.www.example.com.", "_sip._TCP.www.example.com.", "x._dmarc.www.example.com.",
			"x._acme-challenge.www.example.com.");

	private static final int[] TYPES = { Type.A, Type.AAAA, Type.NS, Type.SOA, Type.ANY, Type.TXT, Type.MX,
			Type.DS, Type.CAA, Type.CNAME, Type.SRV, Type.HINFO, Type.AXFR, Type.IXFR };

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void everyAnswerMatchesTheReference(boolean wildcard) throws Exception {
		ServiceZone zone = zone(wildcard);
		QueryHandler responder = openResponder(zone);
		QueryExchange query = new QueryExchange();
		byte[] out = new byte[ResponseWriter.MAX_MESSAGE];
		for (String text : NAMES) {
			for (int type : TYPES) {
				for (boolean edns : new boolean[] { false, true }) {
					Name name = Name.fromString(text);
					Message request = Message.newQuery(Record.newRecord(name, type, DClass.IN));
					if (edns) {
						request.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
					}
					byte[] wire = request.toWire();
					int length = Responses.respond(responder, wire, wire.length, query, out, false, null);
					Message response = new Message(java.util.Arrays.copyOf(out, length));
					ZoneAnswer expected = zone.answer(name, type, DClass.IN);
					String what = text + " " + Type.string(type) + (edns ? " edns" : "");
					assertThat(response.getRcode()).as(what).isEqualTo(expected.rcode());
					assertThat(response.getHeader().getFlag(Flags.AA)).as(what).isEqualTo(expected.authoritative());
					assertThat(texts(response.getSection(Section.ANSWER))).as(what)
						.isEqualTo(texts(expected.answer()));
					assertThat(texts(response.getSection(Section.AUTHORITY))).as(what)
						.isEqualTo(texts(expected.authority()));
					assertThat(texts(withoutOpt(response.getSection(Section.ADDITIONAL)))).as(what)
						.isEqualTo(texts(expected.additional()));
					assertThat(response.getOPT() != null).as(what).isEqualTo(edns);
				}
			}
		}
	}

	@Test
	void unusualButValidQueriesTakeTheGeneralPathAndGetTheSameAnswer() throws Exception {
		QueryHandler responder = openResponder(zone(false));
		QueryExchange query = new QueryExchange();
		byte[] out = new byte[ResponseWriter.MAX_MESSAGE];
		// An OPT owned by a compression pointer to the root label that ends the question name
		// (offset 28): legal, and not the shape the fast path handles.
		String hex = "abcd00000001000000000001" + "03777777076578616d706c6503636f6d00" + "00010001"
				+ "c01c" + "0029" + "04d0" + "00000000" + "0000";
		byte[] wire = HexFormat.of().parseHex(hex);
		int length = Responses.respond(responder, wire, wire.length, query, out, true, null);
		Message response = new Message(java.util.Arrays.copyOf(out, length));
		assertThat(query.outcome()).isEqualTo(QueryOutcome.ANSWERED);
		assertThat(response.getSection(Section.ANSWER)).hasSize(1);
		assertThat(response.getOPT()).isNotNull();
		// The same OPT owned by a pointer into the middle of a label ("m" of "com") is garbage.
		wire[34] = 0x1b;
		length = Responses.respond(responder, wire, wire.length, query, out, true, null);
		assertThat(query.outcome()).isEqualTo(QueryOutcome.FORMERR);
		// An additional record that is not OPT is ignored; the question still gets its answer.
		Message withExtra = Message.newQuery(Record.newRecord(ORIGIN, Type.A, DClass.IN));
		withExtra.addRecord(Record.fromString(ORIGIN, Type.TXT, DClass.IN, 0, "\"hello\"", ORIGIN),
				Section.ADDITIONAL);
		withExtra.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
		byte[] extraWire = withExtra.toWire();
		length = Responses.respond(responder, extraWire, extraWire.length, query, out, true, null);
		Message extraResponse = new Message(java.util.Arrays.copyOf(out, length));
		assertThat(query.outcome()).isEqualTo(QueryOutcome.ANSWERED);
		assertThat(extraResponse.getSection(Section.ANSWER)).hasSize(1);
		assertThat(extraResponse.getOPT()).isNotNull();
	}

	@Test
	void closedGateAnswersAsConfiguredWithoutLookingAtTheZone() throws Exception {
		ServiceZone zone = zone(false);
		byte[] wire = Message.newQuery(Record.newRecord(ORIGIN, Type.A, DClass.IN)).toWire();
		byte[] out = new byte[ResponseWriter.MAX_MESSAGE];
		QueryExchange query = new QueryExchange();
		for (WhenClosed mode : WhenClosed.values()) {
			ServingGate gate = new ServingGate(mode, false);
			QueryHandler responder = new QueryHandler(new AnswerTable(zone), new ResponseWriter(1232), gate, null, null, null);
			int length = Responses.respond(responder, wire, wire.length, query, out, true, null);
			assertThat(query.outcome()).isEqualTo(QueryOutcome.CLOSED);
			if (mode == WhenClosed.DROP) {
				assertThat(length).isEqualTo(Responses.NO_RESPONSE);
			}
			else {
				Message response = new Message(java.util.Arrays.copyOf(out, length));
				assertThat(org.xbill.DNS.Rcode.string(response.getRcode())).isEqualTo(mode.name());
				assertThat(response.getHeader().getFlag(Flags.AA)).isFalse();
			}
		}
	}

	@Test
	void aClosedHostStillTellsItsPeersWhyOverTheProbeName() throws Exception {
		byte[] probe = Message.newQuery(Record.newRecord(Name.fromString("_selfdns.www.example.com."), Type.TXT,
				DClass.IN)).toWire();
		byte[] address = Message.newQuery(Record.newRecord(ORIGIN, Type.A, DClass.IN)).toWire();
		byte[] out = new byte[ResponseWriter.MAX_MESSAGE];
		QueryExchange query = new QueryExchange();
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		QueryHandler responder = new QueryHandler(new AnswerTable(zone(false)), new ResponseWriter(1232), gate, null,
				null, null);
		assertThat(probeState(responder, probe, query, out)).isEqualTo("starting");
		gate.applicationReady();
		gate.health(new dev.selfdns.gate.HealthVerdict("DOWN", "db DOWN"));
		assertThat(probeState(responder, probe, query, out)).isEqualTo("closed-by-health");
		int length = Responses.respond(responder, address, address.length, query, out, true, null);
		assertThat(new Message(java.util.Arrays.copyOf(out, length)).getRcode()).as("A while closed")
			.isEqualTo(org.xbill.DNS.Rcode.REFUSED);
		gate.health(new dev.selfdns.gate.HealthVerdict(dev.selfdns.gate.HealthVerdict.UP, "up"));
		assertThat(probeState(responder, probe, query, out)).isEqualTo("open");
		gate.drain("test");
		assertThat(probeState(responder, probe, query, out)).isEqualTo("drained");
		gate.shutdown();
		assertThat(probeState(responder, probe, query, out)).isEqualTo("shutting-down");
		// Never cached: a state is news only now.
		length = Responses.respond(responder, probe, probe.length, query, out, true, null);
		assertThat(new Message(java.util.Arrays.copyOf(out, length)).getSection(Section.ANSWER).get(0).getTTL())
			.isZero();
	}

	private static String probeState(QueryHandler responder, byte[] probe, QueryExchange query, byte[] out)
			throws Exception {
		int length = Responses.respond(responder, probe, probe.length, query, out, true, null);
		Message response = new Message(java.util.Arrays.copyOf(out, length));
		assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
		return ((org.xbill.DNS.TXTRecord) response.getSection(Section.ANSWER).get(0)).getStrings().get(0);
	}

	private static QueryHandler openResponder(ServiceZone zone) {
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, false);
		gate.applicationReady();
		return new QueryHandler(new AnswerTable(zone), new ResponseWriter(1232), gate, null, null, null);
	}

	static ServiceZone zone(boolean wildcard) throws Exception {
		return ServiceZone.builder(ORIGIN)
			.addresses(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1"))
			.nameServer(Name.fromString("ns1.www.example.com."), InetAddress.getByName("192.0.2.1"),
					InetAddress.getByName("2001:db8::1"))
			.nameServer(Name.fromString("ns2.dns.www.example.com."), InetAddress.getByName("192.0.2.2"))
			.nameServer(Name.fromString("ns3.example.net."))
			.negativeTtl(Duration.ofSeconds(30))
			.serial(7L)
			.wildcard(wildcard)
			.records(List.of("@ TXT \"v=verify123\"", "@ CAA 0 issue \"letsencrypt.org\"", "@ MX 10 mail.example.net.",
					"_acme-challenge CNAME _acme-challenge.acme.example.net.", "_dmarc 3600 TXT \"v=DMARC1; p=none\"",
					"_sip._tcp SRV 10 5 5060 sip.example.net."))
			.build();
	}

	private static List<String> texts(List<Record> records) {
		List<String> texts = new ArrayList<>();
		records.forEach((record) -> texts.add(record.toString().toLowerCase()));
		return texts;
	}

	private static List<Record> withoutOpt(List<Record> records) {
		return records.stream().filter((record) -> record.getType() != Type.OPT).toList();
	}

}
