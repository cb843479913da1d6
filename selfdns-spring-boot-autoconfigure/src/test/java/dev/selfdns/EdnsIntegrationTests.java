package dev.selfdns;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * EDNS(0) as RFC 6891 asks: the OPT echoed with our payload size, BADVERS for unknown
 * versions, truncation to the client's size over UDP and the full answer over TCP.
 */
class EdnsIntegrationTests {

	@ParameterizedTest
	@EnumSource(Transport.class)
	void optIsEchoedWithOurPayloadSizeAndTheDoBit(Transport transport) {
		TestServers.run((client) -> {
			Message query = query("www.example.com.", Type.A);
			query.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
			Message response = transport.exchange(client, query);
			OPTRecord opt = response.getOPT();
			assertThat(opt).isNotNull();
			assertThat(opt.getPayloadSize()).isEqualTo(1232);
			assertThat(opt.getVersion()).isZero();
			assertThat(opt.getFlags()).isEqualTo(ExtendedFlags.DO);
			assertThat(response.getSection(Section.ANSWER)).hasSize(1);
			Message plain = transport.exchange(client, query("www.example.com.", Type.A));
			assertThat(plain.getOPT()).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void unknownEdnsVersionGetsBadvers(Transport transport) {
		TestServers.run((client) -> {
			Message query = query("www.example.com.", Type.A);
			query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
			Message response = transport.exchange(client, query);
			assertThat(response.getRcode()).isEqualTo(Rcode.BADVERS);
			assertThat(response.getOPT().getVersion()).isZero();
			assertThat(response.getSection(Section.ANSWER)).isEmpty();
		});
	}

	@Test
	void answerLargerThanTheClientAcceptsIsTruncatedOverUdpAndWholeOverTcp() {
		TestServers.run((client) -> {
			Message plain = client.udp(query("www.example.com.", Type.NS));
			assertThat(plain.getHeader().getFlag(Flags.TC)).isTrue();
			assertThat(plain.getSection(Section.ANSWER)).isEmpty();
			assertThat(plain.getQuestion().getName()).hasToString("www.example.com.");

			Message small = query("www.example.com.", Type.NS);
			small.addRecord(new OPTRecord(512, 0, 0), Section.ADDITIONAL);
			byte[] smallResponse = client.udpOrSilence(small.toWire());
			assertThat(smallResponse).hasSizeLessThanOrEqualTo(512);
			assertThat(new Message(smallResponse).getHeader().getFlag(Flags.TC)).isTrue();

			Message large = query("www.example.com.", Type.NS);
			large.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
			byte[] largeResponse = client.udpOrSilence(large.toWire());
			assertThat(new Message(largeResponse).getHeader().getFlag(Flags.TC)).isFalse();
			assertThat(new Message(largeResponse).getSection(Section.ANSWER)).hasSize(13);

			Message overTcp = client.tcp(query("www.example.com.", Type.NS));
			assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
			assertThat(overTcp.getSection(Section.ANSWER)).hasSize(13);
			assertThat(overTcp.getSection(Section.ADDITIONAL)).hasSize(26);
		}, TestServers.MANY_NAME_SERVERS);
	}

	@Test
	void payloadSizesBelow512AreTreatedAs512() {
		TestServers.run((client) -> {
			Message query = query("www.example.com.", Type.NS);
			query.addRecord(new OPTRecord(100, 0, 0), Section.ADDITIONAL);
			byte[] response = client.udpOrSilence(query.toWire());
			assertThat(response.length).isGreaterThan(100);
			assertThat(new Message(response).getHeader().getFlag(Flags.TC)).isFalse();
		});
	}

	@Test
	void twoOptRecordsAreFormerr() {
		TestServers.run((client) -> {
			Message query = query("www.example.com.", Type.A);
			query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
			query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
			byte[] wire = query.toWire();
			assertThat(DnsHeaderBytes.rcode(client.udpOrSilence(wire))).isEqualTo(Rcode.FORMERR);
			assertThat(Arrays.copyOfRange(wire, 10, 12)).containsExactly(0, 2);
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void unknownOptionsAreIgnoredAndNotEchoed(Transport transport) {
		TestServers.run((client) -> {
			Message response = transport.exchange(client,
					CookieIntegrationTests.withOption(new GenericEDNSOption(65001, new byte[] { 1, 2, 3 })));
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.getSection(Section.ANSWER)).hasSize(1);
			assertThat(response.getOPT().getOptions()).isEmpty();
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void unknownFlagsAreClearedAndDoIsKept(Transport transport) {
		TestServers.run((client) -> {
			Message query = query("www.example.com.", Type.A);
			// Z bits (RFC 6891 section 6.1.4) that no one has defined yet, with and without DO.
			query.addRecord(new OPTRecord(1232, 0, 0, 0x4001), Section.ADDITIONAL);
			Message response = transport.exchange(client, query);
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.getOPT().getFlags()).isZero();
			Message withDo = query("www.example.com.", Type.A);
			withDo.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO | 0x4001), Section.ADDITIONAL);
			assertThat(transport.exchange(client, withDo).getOPT().getFlags()).isEqualTo(ExtendedFlags.DO);
		});
	}

	@Test
	void badversWithAnOptionEchoesNoOption() {
		TestServers.run((client) -> {
			Message query = query("www.example.com.", Type.A);
			query.addRecord(new OPTRecord(1232, 0, 1, 0, new GenericEDNSOption(65001, new byte[] { 9 })),
					Section.ADDITIONAL);
			Message response = client.udp(query);
			assertThat(response.getRcode()).isEqualTo(Rcode.BADVERS);
			assertThat(response.getOPT().getOptions()).isEmpty();
		});
	}

	@Test
	void anOptionLongerThanItsRecordIsFormerr() {
		TestServers.run((client) -> {
			byte[] wire = CookieIntegrationTests.withOption(new GenericEDNSOption(65001, new byte[4])).toWire();
			// The option says 4 bytes follow; make it say 5, one past the end of the OPT record.
			wire[wire.length - 5] = 5;
			for (Transport transport : Transport.values()) {
				assertThat(DnsHeaderBytes.rcode(transport.exchangeRaw(client, wire))).as(transport.name())
					.isEqualTo(Rcode.FORMERR);
			}
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void nsidNamesTheHostWhenAskedAndConfigured(Transport transport) {
		TestServers.run((client) -> {
			Message response = transport.exchange(client, CookieIntegrationTests.withOption(new NSIDOption(new byte[0])));
			List<EDNSOption> nsid = response.getOPT().getOptions(EDNSOption.Code.NSID);
			assertThat(nsid).hasSize(1);
			byte[] wire = nsid.get(0).toWire();
			assertThat(Arrays.copyOfRange(wire, 4, wire.length)).isEqualTo("host-1.example.net".getBytes());
			Message notAsked = transport.exchange(client, CookieIntegrationTests.withOption());
			assertThat(notAsked.getOPT().getOptions()).isEmpty();
		}, "selfdns.nsid=host-1.example.net");
	}

	@Test
	void withoutNsidConfiguredTheOptionIsIgnored() {
		TestServers.run((client) -> {
			Message response = client.udp(CookieIntegrationTests.withOption(new NSIDOption(new byte[0])));
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.getOPT().getOptions()).isEmpty();
		});
	}

	@Test
	void digNsidShowsWhichHostAnswered() {
		TestServers.run((client) -> {
			String output = CommandLineTool.dig()
				.run("@127.0.0.1", "-p" + client.port(), "www.example.com", "A", "+nsid", "+tries=1");
			assertThat(output).contains("status: NOERROR").containsPattern("NSID: .*\\(\"host-1\"\\)");
		}, "selfdns.nsid=host-1");
	}

}
