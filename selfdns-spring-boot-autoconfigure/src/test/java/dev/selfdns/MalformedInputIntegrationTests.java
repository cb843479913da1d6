package dev.selfdns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bytes get FORMERR or silence, never a crash, and the server keeps answering.
 */
class MalformedInputIntegrationTests {

	// Hundreds of errors a second from one address: what rate limiting is for, and not under test here.
	private static final String NO_RATE_LIMIT = "selfdns.rate-limit.enabled=false";

	private static final HexFormat HEX = HexFormat.of();

	/** Header: id 0x1234, RD, one question. */
	private static final String HEADER = "123401000001000000000000";

	@ParameterizedTest
	@EnumSource(Transport.class)
	void craftedMalformedQueriesGetFormerrAndTheServerGoesOn(Transport transport) {
		TestServers.run((client) -> {
			List<String> cases = List.of(
					// compression pointer to itself
					HEADER + "c00c00010001",
					// two pointers pointing at each other
					HEADER + "c00e" + "c00c" + "00010001",
					// pointer past the end
					HEADER + "c0ff00010001",
					// label longer than the message
					HEADER + "3f777777",
					// reserved label type 0x40
					HEADER + "4177" + "0000010001",
					// name without its type and class
					HEADER + "03777777076578616d706c6503636f6d00",
					// question count 2 with one question
					"123401000002000000000000" + "0377777700" + "00010001",
					// an answer record in a query
					"123401000001000100000000" + "0377777700" + "00010001",
					// OPT record cut short
					"123401000001000000000001" + "0377777700" + "00010001" + "000029",
					// trailing garbage after a complete query
					HEADER + "0377777700" + "00010001" + "deadbeef",
					// a name of 256 bytes: 4 labels of 63 and one of 2
					HEADER + ("3f" + "61".repeat(63)).repeat(4) + "0161" + "00" + "00010001");
			for (String hex : cases) {
				byte[] response = transport.exchangeRaw(client, HEX.parseHex(hex));
				assertThat(response).as(hex).isNotNull();
				assertThat(DnsHeaderBytes.rcode(response)).as(hex).isEqualTo(Rcode.FORMERR);
				assertThat(DnsHeaderBytes.id(response)).as(hex).isEqualTo(0x1234);
			}
			assertStillAnswers(transport, client);
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void randomBytesGetFormerrOrSilenceAndTheServerGoesOn(Transport transport) {
		TestServers.run((client) -> {
			Random random = new Random(20261125L);
			List<byte[]> inputs = new ArrayList<>();
			for (int i = 0; i < 150; i++) {
				byte[] bytes = new byte[random.nextInt(80)];
				random.nextBytes(bytes);
				inputs.add(bytes);
			}
			// Mutations of a valid query reach deeper than pure noise.
			byte[] valid = query("www.example.com.", Type.A).toWire();
			for (int i = 0; i < 150; i++) {
				byte[] mutated = valid.clone();
				mutated[12 + random.nextInt(mutated.length - 12)] = (byte) random.nextInt(256);
				mutated[2] &= 0x7F;
				inputs.add(mutated);
			}
			for (byte[] input : inputs) {
				if (input.length == 0 && transport == Transport.TCP) {
					continue;
				}
				// A valid query sent right after the input marks where the input's answer, if any, ends:
				// silence is proven by the sentinel's answer arriving first, with no waiting.
				for (byte[] response : exchangeWithSentinel(transport, client, input)) {
					assertThat(response.length).isGreaterThanOrEqualTo(12);
					assertThat(DnsHeaderBytes.id(response)).isEqualTo(DnsHeaderBytes.id(input));
					assertThat(DnsHeaderBytes.rcode(response)).isIn(Rcode.FORMERR, Rcode.NOTIMP, Rcode.REFUSED,
							Rcode.NOERROR, Rcode.NXDOMAIN);
				}
			}
			assertStillAnswers(transport, client);
		}, NO_RATE_LIMIT);
	}

	private static List<byte[]> exchangeWithSentinel(Transport transport, DnsTestClient client, byte[] input)
			throws IOException {
		Message sentinel = query("sentinel.www.example.com.", Type.TXT);
		sentinel.getHeader().setID((DnsHeaderBytes.id(input.length >= 2 ? input : new byte[2]) + 1) & 0xFFFF);
		byte[] sentinelWire = sentinel.toWire();
		List<byte[]> before = new ArrayList<>();
		if (transport == Transport.UDP) {
			try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
				socket.setSoTimeout(5000);
				InetSocketAddress server = new InetSocketAddress("127.0.0.1", client.port());
				socket.send(new DatagramPacket(input, input.length, server));
				socket.send(new DatagramPacket(sentinelWire, sentinelWire.length, server));
				while (true) {
					DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
					socket.receive(packet);
					byte[] response = Arrays.copyOf(packet.getData(), packet.getLength());
					if (isAnswerTo(response, sentinelWire)) {
						return before;
					}
					before.add(response);
				}
			}
		}
		try (Socket socket = client.connect()) {
			DnsTestClient.writeFramed(socket, input);
			DnsTestClient.writeFramed(socket, sentinelWire);
			while (true) {
				byte[] response = DnsTestClient.readFramed(socket);
				if (isAnswerTo(response, sentinelWire)) {
					return before;
				}
				before.add(response);
			}
		}
	}

	private static boolean isAnswerTo(byte[] response, byte[] query) {
		return response.length > query.length && DnsHeaderBytes.id(response) == DnsHeaderBytes.id(query)
				&& Arrays.equals(response, 12, query.length, query, 12, query.length);
	}

	private static void assertStillAnswers(Transport transport, DnsTestClient client) throws IOException {
		Message response = transport.exchange(client, query("www.example.com.", Type.A));
		assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(response.getSectionArray(1)).hasSize(1);
	}

}
