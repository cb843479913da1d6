package dev.selfdns.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS over TCP as RFC 7766 asks: several queries per connection, messages split or joined
 * across segments, idle connections closed, and a cap on open connections.
 */
class TcpTransportIntegrationTests {

	@Test
	void severalPipelinedQueriesOnOneConnectionAreAllAnswered() {
		TestServers.run((client) -> {
			try (Socket socket = client.connect()) {
				ByteBuffer all = ByteBuffer.allocate(4096);
				Set<Integer> ids = new HashSet<>();
				for (String name : new String[] { "www.example.com.", "nx.www.example.com.", "example.org." }) {
					byte[] wire = query(name, Type.A).toWire();
					ids.add(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
					all.putShort((short) wire.length).put(wire);
				}
				socket.getOutputStream().write(all.array(), 0, all.position());
				Set<Integer> answered = new HashSet<>();
				Set<Integer> rcodes = new HashSet<>();
				for (int i = 0; i < 3; i++) {
					Message response = new Message(DnsTestClient.readFramed(socket));
					answered.add(response.getHeader().getID());
					rcodes.add(response.getRcode());
				}
				assertThat(answered).isEqualTo(ids);
				assertThat(rcodes).containsExactlyInAnyOrder(Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.REFUSED);
			}
		});
	}

	@Test
	void aMessageSentOneByteAtATimeIsAnswered() {
		TestServers.run((client) -> {
			try (Socket socket = client.connect()) {
				socket.setTcpNoDelay(true);
				byte[] wire = query("www.example.com.", Type.A).toWire();
				ByteBuffer framed = ByteBuffer.allocate(2 + wire.length).putShort((short) wire.length).put(wire);
				OutputStream out = socket.getOutputStream();
				for (byte b : framed.array()) {
					out.write(b);
					out.flush();
				}
				Message response = new Message(DnsTestClient.readFramed(socket));
				assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			}
		});
	}

	@Test
	void idleConnectionsAreClosed() {
		TestServers.run((client) -> {
			try (Socket socket = client.connect()) {
				DnsTestClient.writeFramed(socket, query("www.example.com.", Type.A).toWire());
				DnsTestClient.readFramed(socket);
				assertClosedSoon(socket);
			}
		}, "selfdns.listen.tcp-idle-timeout=300ms");
	}

	@Test
	void aClientThatStopsHalfwayThroughAMessageIsClosedWhenIdle() {
		TestServers.run((client) -> {
			try (Socket socket = client.connect()) {
				byte[] wire = query("www.example.com.", Type.A).toWire();
				OutputStream out = socket.getOutputStream();
				out.write(new byte[] { 0, (byte) wire.length });
				out.write(wire, 0, wire.length / 2);
				out.flush();
				assertClosedSoon(socket);
			}
		}, "selfdns.listen.tcp-idle-timeout=300ms");
	}

	/** The server closes the connection well within the test's idle timeout of 300 ms and a margin. */
	private static void assertClosedSoon(Socket socket) throws Exception {
		long start = System.nanoTime();
		socket.setSoTimeout(5000);
		assertThat(readUntilClosed(socket.getInputStream())).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void connectionsBeyondTheCapAreClosedAndServedAgainOnceOthersClose() {
		TestServers.run((client) -> {
			Socket first = client.connect();
			Socket second = client.connect();
			// Make sure both are accepted before the third arrives.
			DnsTestClient.writeFramed(first, query("www.example.com.", Type.A).toWire());
			DnsTestClient.readFramed(first);
			DnsTestClient.writeFramed(second, query("www.example.com.", Type.A).toWire());
			DnsTestClient.readFramed(second);
			try (Socket third = client.connect()) {
				assertThat(readUntilClosed(third.getInputStream())).isTrue();
			}
			first.close();
			second.close();
			Message answer = Deadline.poll(Duration.ofSeconds(5), () -> tryQuery(client), (m) -> m != null);
			assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
		}, "selfdns.listen.tcp-max-connections=2");
	}

	@Test
	void aZeroLengthMessageClosesTheConnection() {
		TestServers.run((client) -> {
			try (Socket socket = client.connect()) {
				socket.getOutputStream().write(new byte[] { 0, 0 });
				assertThat(readUntilClosed(socket.getInputStream())).isTrue();
			}
			assertThat(client.tcp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
		});
	}

	/**
	 * Queries followed by a zero-length message in the same write: the queries before it are
	 * answered, then the connection closes; anything after it is not read.
	 */
	@Test
	void queriesBeforeAZeroLengthMessageAreAnsweredThenTheConnectionCloses() {
		TestServers.run((client) -> {
			for (int round = 0; round < 5; round++) {
				try (Socket socket = client.connect()) {
					ByteBuffer all = ByteBuffer.allocate(4096);
					Set<Integer> ids = new HashSet<>();
					for (int i = 0; i < 3; i++) {
						byte[] wire = query("www.example.com.", Type.A).toWire();
						ids.add(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
						all.putShort((short) wire.length).put(wire);
					}
					all.putShort((short) 0);
					byte[] after = query("after.www.example.com.", Type.A).toWire();
					all.putShort((short) after.length).put(after);
					socket.getOutputStream().write(all.array(), 0, all.position());
					Set<Integer> answered = new HashSet<>();
					for (int i = 0; i < 3; i++) {
						answered.add(new Message(DnsTestClient.readFramed(socket)).getHeader().getID());
					}
					assertThat(answered).as("round %d", round).isEqualTo(ids);
					assertThat(readUntilClosed(socket.getInputStream())).as("closed, the query after it unread").isTrue();
				}
			}
		});
	}

	/** A client that sends its queries and closes its side still gets the answers (RFC 7766 6.2.4). */
	@Test
	void aClientThatClosesItsSideAfterItsQueriesGetsTheAnswers() {
		TestServers.run((client) -> {
			try (Socket socket = client.connect()) {
				ByteBuffer all = ByteBuffer.allocate(4096);
				for (int i = 0; i < 2; i++) {
					byte[] wire = query("www.example.com.", Type.A).toWire();
					all.putShort((short) wire.length).put(wire);
				}
				socket.getOutputStream().write(all.array(), 0, all.position());
				socket.shutdownOutput();
				for (int i = 0; i < 2; i++) {
					assertThat(new Message(DnsTestClient.readFramed(socket)).getRcode()).isEqualTo(Rcode.NOERROR);
				}
				assertThat(readUntilClosed(socket.getInputStream())).isTrue();
			}
		});
	}

	private static Message tryQuery(DnsTestClient client) {
		try {
			return client.tcp(query("www.example.com.", Type.A));
		}
		catch (Exception ex) {
			return null;
		}
	}

	private static boolean readUntilClosed(InputStream in) throws Exception {
		try {
			return in.read() == -1;
		}
		catch (SocketException ex) {
			// A reset is a close, too.
			return true;
		}
	}

}
