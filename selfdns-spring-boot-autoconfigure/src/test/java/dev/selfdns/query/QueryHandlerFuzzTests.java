package dev.selfdns.query;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.WhenClosed;
import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.net.ResolverNetworks;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.wire.ResponseWriter;
import dev.selfdns.zone.HostIdentity;
import dev.selfdns.zone.ServiceZone;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Fuzzes the whole message path, bytes in to bytes out, with cookies, NSID and rate limiting on:
 * whatever arrives, the responder returns, and what it sends is a well-formed DNS response to
 * that query that fits the transport.
 * <p>
 * Without {@code JAZZER_FUZZ} this runs the inputs in {@code QueryHandlerFuzzTestsInputs} as a
 * normal test. With {@code JAZZER_FUZZ=1} it fuzzes for {@code jazzer.max_duration} (the
 * README's fuzzing section has the command), failing on any exception, hang or running out of
 * memory.
 */
class QueryHandlerFuzzTests {

	private static final byte[] SECRET = HexFormat.of().parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf");

	private static final Responders RESPONDERS = new Responders();

	private final QueryExchange query = new QueryExchange();

	private final byte[] response = new byte[ResponseWriter.MAX_MESSAGE];

	/**
	 * The last byte of an input chooses how it arrives: bit 0 UDP or TCP, bit 1 cookies
	 * required, bits 2-4 one of eight client networks (two of them IPv6). The rest is the
	 * message.
	 */
	@FuzzTest(maxDuration = "30s")
	void handle(FuzzedDataProvider data) throws IOException {
		int how = data.consumeByte() & 0xFF;
		boolean udp = (how & 1) != 0;
		QueryHandler responder = RESPONDERS.get((how & 2) != 0);
		InetAddress client = RESPONDERS.client((how >> 2) & 7);
		byte[] message = data.consumeRemainingAsBytes();
		int length = Responses.respond(responder, message, message.length, this.query, this.response, udp, client);
		check(message, length, udp);
	}

	private void check(byte[] message, int length, boolean udp) throws IOException {
		if (length == Responses.NO_RESPONSE) {
			return;
		}
		if (length < 12 || length > this.response.length) {
			throw new AssertionError("Response length " + length);
		}
		if (message.length < 12) {
			throw new AssertionError("Answered " + message.length + " bytes, shorter than a header");
		}
		Message response;
		try {
			response = new Message(Arrays.copyOf(this.response, length));
		}
		catch (IOException ex) {
			throw new AssertionError("An unreadable response " + HexFormat.of().formatHex(this.response, 0, length)
					+ " to " + HexFormat.of().formatHex(message), ex);
		}
		if (!response.getHeader().getFlag(Flags.QR)) {
			throw new AssertionError("A response without QR");
		}
		int id = ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
		if (response.getHeader().getID() != id) {
			throw new AssertionError("Response ID " + response.getHeader().getID() + " for query ID " + id);
		}
		if (udp && length > ((response.getOPT() != null) ? 1232 : 512)) {
			throw new AssertionError(length + " bytes over UDP, " + ((response.getOPT() != null) ? "with" : "without")
					+ " EDNS");
		}
	}

	/** Built once: fuzzing runs millions of inputs through the same responders. */
	private static final class Responders {

		private final QueryHandler optional;

		private final QueryHandler required;

		private final InetAddress[] clients = new InetAddress[8];

		Responders() {
			try {
				this.optional = responder(false);
				this.required = responder(true);
				for (int i = 0; i < 6; i++) {
					this.clients[i] = InetAddress.getByName("198.51." + i + ".7");
				}
				this.clients[6] = InetAddress.getByName("2001:db8::7");
				this.clients[7] = InetAddress.getByName("2001:db8:1::7");
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static QueryHandler responder(boolean cookiesRequired) throws Exception {
			ServingGate gate = new ServingGate(WhenClosed.REFUSED, false);
			gate.applicationReady();
			ServerCookies cookies = new ServerCookies(SECRET, cookiesRequired, () -> 1_700_000_000L);
			// Low enough that fuzzing reaches the limited and slipped paths too.
			ResponseRateLimiter limiter = new ResponseRateLimiter(new ResolverNetworks(24, 56, 0), 1000, 100, 100,
					15_000_000_000L, 2);
			ServiceZone zone = QueryHandlerTests.zone(true)
				.withIdentity(new HostIdentity(QueryHandlerTests.zone(true).addresses(), null, "fuzz"));
			return new QueryHandler(new AnswerTable(zone), new ResponseWriter(1232), gate, null, cookies, limiter);
		}

		QueryHandler get(boolean cookiesRequired) {
			return cookiesRequired ? this.required : this.optional;
		}

		InetAddress client(int index) {
			return this.clients[index];
		}

	}

}
