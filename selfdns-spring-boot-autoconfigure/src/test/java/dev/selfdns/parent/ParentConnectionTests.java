package dev.selfdns.parent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the connection to the parent trusts: over real TCP on loopback, a server that answers
 * a signed UPDATE without signing, or with a signature that does not verify, or with garbage,
 * is not believed, and the message says so (an attacker on the path must not be able to fake
 * "NOERROR").
 */
class ParentConnectionTests {

	private static final String SECRET = "3WC+AuqQAvo9LLNNgcd2jZg1UqxDlfIV5J296ErezhA=";

	private static final Name KEY = Name.fromConstantString("h1.ns-www.example.com.");

	@Test
	void anUnsignedNoerrorIsNotTrusted() throws Exception {
		RegistrationException failure = exchangeWith((query) -> {
			Message response = reply(query);
			return response.toWire();
		});
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.UNSIGNED_RESPONSE);
		assertThat(failure.getMessage()).contains("is not signed with key", "not trusted");
	}

	/**
	 * An unsigned REFUSED (a server that takes no updates, or no TSIG, for the zone) is said as
	 * what came back, with the fix, not taken for a bad secret.
	 */
	@Test
	void anUnsignedRefusalSaysWhatCameBack() throws Exception {
		RegistrationException failure = exchangeWith((query) -> {
			Message response = reply(query);
			response.getHeader().setRcode(Rcode.REFUSED);
			return response.toWire();
		});
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.REFUSED);
		assertThat(failure.getMessage()).contains("answered REFUSED, unsigned", "update-policy", "acl")
			.doesNotContain("BADSIG")
			.doesNotContain("TsigKey[");
	}

	@Test
	void aResponseSignedWithAnotherSecretIsNotTrusted() throws Exception {
		byte[] other = Base64.getDecoder().decode("1eyIniK6NCboprg1WSbVzrPG91X61fO/+3khZNGgYJ0=");
		RegistrationException failure = exchangeWith((query) -> {
			Message response = reply(query);
			new TSIG(TSIG.HMAC_SHA256, KEY, other).apply(response, query.getTSIG());
			return response.toWire();
		});
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.UNSIGNED_RESPONSE);
		assertThat(failure.getMessage()).contains("does not verify with key");
	}

	@Test
	void aResponseSignedWithTheKeyIsTrusted() throws Exception {
		byte[] secret = Base64.getDecoder().decode(SECRET);
		try (FakeServer server = new FakeServer((query) -> {
			Message response = reply(query);
			new TSIG(TSIG.HMAC_SHA256, KEY, secret).apply(response, query.getTSIG());
			return response.toWire();
		})) {
			Message response = connection(server).exchange(Message.newUpdate(Name.fromConstantString("example.com.")));
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.isVerified()).isTrue();
		}
	}

	@Test
	void garbageIsAServerFailure() throws Exception {
		RegistrationException failure = exchangeWith((query) -> new byte[] { 1, 2, 3 });
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.SERVER_FAILURE);
		assertThat(failure.getMessage()).contains("malformed");
	}

	private static Message reply(Message query) {
		Message response = new Message(query.getHeader().getID());
		response.getHeader().setFlag(Flags.QR);
		response.getHeader().setOpcode(query.getHeader().getOpcode());
		response.getHeader().setRcode(Rcode.NOERROR);
		return response;
	}

	private static RegistrationException exchangeWith(Responder responder) throws Exception {
		try (FakeServer server = new FakeServer(responder)) {
			try {
				connection(server).exchange(Message.newUpdate(Name.fromConstantString("example.com.")));
			}
			catch (RegistrationException ex) {
				return ex;
			}
			throw new AssertionError("The response was trusted");
		}
	}

	private static ParentConnection connection(FakeServer server) {
		return new ParentConnection(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
				new TsigKey(KEY, TSIG.HMAC_SHA256, Base64.getDecoder().decode(SECRET)), Duration.ofSeconds(2),
				Clock.systemUTC());
	}

	/** How the fake server answers one query. */
	interface Responder {

		byte[] respond(Message query) throws IOException;

	}

	/** A TCP DNS server on loopback that answers each connection's one query as told. */
	static final class FakeServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());

		FakeServer(Responder responder) throws IOException {
			Thread thread = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try (Socket client = this.socket.accept()) {
						DataInputStream in = new DataInputStream(client.getInputStream());
						byte[] query = new byte[in.readUnsignedShort()];
						in.readFully(query);
						byte[] answer = responder.respond(new Message(query));
						DataOutputStream out = new DataOutputStream(client.getOutputStream());
						out.writeShort(answer.length);
						out.write(answer);
						out.flush();
					}
					catch (IOException ex) {
						// Closed, or a client gone: next.
					}
				}
			});
			thread.setDaemon(true);
			thread.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
