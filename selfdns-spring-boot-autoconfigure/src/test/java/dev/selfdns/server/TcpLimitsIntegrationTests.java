package dev.selfdns.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.DnsTransport;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.query.TcpClose;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import org.springframework.context.ApplicationContext;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCP limits against real sockets: a client that trickles a message, a client that opens
 * too many connections, and a client that pipelines queries without reading the answers.
 */
class TcpLimitsIntegrationTests {

	@Test
	void aClientThatTricklesAMessageIsClosedAtTheMessageTimeoutThoughNeverIdle() {
		serve((context, client) -> {
			try (Socket socket = client.connect()) {
				socket.setTcpNoDelay(true);
				byte[] wire = query("www.example.com.", Type.A).toWire();
				byte[] framed = ByteBuffer.allocate(2 + wire.length).putShort((short) wire.length).put(wire).array();
				OutputStream out = socket.getOutputStream();
				long start = System.nanoTime();
				boolean closed = false;
				// A byte every 100 ms is far from the 5 s idle timeout; the whole message would take 3.5 s.
				for (int i = 0; i < framed.length - 1 && !closed; i++) {
					try {
						out.write(framed[i]);
						out.flush();
					}
					catch (SocketException ex) {
						closed = true;
					}
					closed = closed || closedWithin(socket, Duration.ofMillis(100));
				}
				assertThat(closed).as("closed before the message was whole").isTrue();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
				assertThat(counters(context).tcpClosedCount(TcpClose.SLOW)).isEqualTo(1);
				assertThat(counters(context).tcpClosedCount(TcpClose.IDLE)).isZero();
			}
			// A client that sends its message at once is answered as ever.
			assertThat(client.tcp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
		}, "selfdns.listen.tcp-message-timeout=500ms", "selfdns.listen.tcp-idle-timeout=5s");
	}

	@Test
	void aClientBeyondItsConnectionCapIsRefusedWhileOthersAreServed() {
		serve((context, client) -> {
			Socket first = answeredConnection(client, "127.0.0.1");
			Socket second = answeredConnection(client, "127.0.0.1");
			try (Socket third = connect(client, "127.0.0.1")) {
				assertThat(closedWithin(third, Duration.ofSeconds(5))).as("third from one client").isTrue();
			}
			assertThat(counters(context).tcpClosedCount(TcpClose.CLIENT_LIMIT)).isEqualTo(1);
			try (Socket neighbour = answeredConnection(client, "127.0.0.2")) {
				assertThat(neighbour.isConnected()).isTrue();
			}
			first.close();
			Socket again = Deadline.poll(Duration.ofSeconds(5), () -> tryAnsweredConnection(client, "127.0.0.1"),
					(socket) -> socket != null);
			again.close();
			second.close();
			assertThat(counters(context).tcpClosedCount(TcpClose.LIMIT)).isZero();
		}, "selfdns.listen.tcp-max-connections-per-client=2");
	}

	/**
	 * Sixteen hosts of one network at the per-client cap would hold all 256 connections with the
	 * defaults; the network cap keeps a quarter for it, and another network is served.
	 */
	@Test
	void theHostsOfOneNetworkCannotHoldEveryConnection() {
		serve((context, client) -> {
			java.util.List<Socket> held = new java.util.ArrayList<>();
			try {
				for (int host = 1; host <= 16; host++) {
					for (int i = 0; i < 16; i++) {
						// Addresses the fleet tests do not listen on: their ports stay free of these connections.
						held.add(connect(client, "127.0.5." + host));
					}
				}
				Deadline.poll(Duration.ofSeconds(5), () -> counters(context).tcpClosedCount(TcpClose.NETWORK_LIMIT),
						(refused) -> refused == 256 - 64);
				assertThat(counters(context).tcpClosedCount(TcpClose.LIMIT)).as("never the server's cap").isZero();
				try (Socket other = answeredConnection(client, "127.0.6.1")) {
					assertThat(other.isConnected()).as("another network is served").isTrue();
				}
			}
			finally {
				for (Socket socket : held) {
					socket.close();
				}
			}
		});
	}

	@Test
	void aClientThatPipelinesWithoutReadingIsNotReadEitherAndLosesNothing() {
		int queries = 100_000;
		serve((context, client) -> {
			try (Socket socket = new Socket()) {
				// A small window, so the answers back up in the server rather than in this client.
				socket.setReceiveBufferSize(4096);
				socket.connect(new InetSocketAddress("127.0.0.1", client.port()));
				CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeQueries(socket, queries));
				long answered = Deadline.poll(Duration.ofSeconds(20), () -> answeredOverTcp(context),
						(counts) -> counts[0] == counts[1])[0];
				assertThat(answered).as("queries answered while the client reads nothing").isLessThan(queries);
				// The server goes on serving others.
				assertThat(client.tcp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
				InputStream in = socket.getInputStream();
				socket.setSoTimeout(10_000);
				for (int i = 0; i < queries; i++) {
					Message response = new Message(DnsTestClient.readFramed(socket));
					assertThat(response.getHeader().getID()).isEqualTo(i & 0xFFFF);
				}
				writer.get(10, TimeUnit.SECONDS);
				assertThat(in.available()).isZero();
			}
		}, "selfdns.listen.tcp-max-queries-in-flight=8");
	}

	private static void writeQueries(Socket socket, int count) {
		try {
			OutputStream out = socket.getOutputStream();
			ByteBuffer batch = ByteBuffer.allocate(64 * 1024);
			Message query = query("www.example.com.", Type.A);
			for (int i = 0; i < count; i++) {
				query.getHeader().setID(i & 0xFFFF);
				byte[] wire = query.toWire();
				if (batch.remaining() < 2 + wire.length) {
					out.write(batch.array(), 0, batch.position());
					batch.clear();
				}
				batch.putShort((short) wire.length).put(wire);
			}
			out.write(batch.array(), 0, batch.position());
			out.flush();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** TCP queries answered, read twice 300 ms apart: equal once the server has stopped reading. */
	private static long[] answeredOverTcp(ApplicationContext context) throws InterruptedException {
		long before = counters(context).total(DnsTransport.TCP, null);
		Thread.sleep(300);
		return new long[] { before, counters(context).total(DnsTransport.TCP, null) };
	}

	private static Socket connect(DnsTestClient client, String from) throws Exception {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(from, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", client.port()));
		return socket;
	}

	private static Socket answeredConnection(DnsTestClient client, String from) throws Exception {
		Socket socket = connect(client, from);
		socket.setSoTimeout(5000);
		DnsTestClient.writeFramed(socket, query("www.example.com.", Type.A).toWire());
		assertThat(new Message(DnsTestClient.readFramed(socket)).getRcode()).isEqualTo(Rcode.NOERROR);
		return socket;
	}

	private static Socket tryAnsweredConnection(DnsTestClient client, String from) {
		try {
			return answeredConnection(client, from);
		}
		catch (Exception | AssertionError ex) {
			return null;
		}
	}

	/** Whether the server closes the connection within the time: end of stream or a reset. */
	private static boolean closedWithin(Socket socket, Duration time) throws Exception {
		socket.setSoTimeout((int) time.toMillis());
		try {
			return socket.getInputStream().read() == -1;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	private static QueryCounters counters(ApplicationContext context) {
		return context.getBean(QueryCounters.class);
	}

	private static void serve(ContextTest test, String... properties) {
		TestServers.runner().withPropertyValues(properties).run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			test.accept(context, TestServers.client(context));
		});
	}

	@FunctionalInterface
	private interface ContextTest {

		void accept(ApplicationContext context, DnsTestClient client) throws Exception;

	}

}
