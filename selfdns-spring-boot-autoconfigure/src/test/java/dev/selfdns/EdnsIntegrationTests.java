package dev.selfdns;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
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

}
