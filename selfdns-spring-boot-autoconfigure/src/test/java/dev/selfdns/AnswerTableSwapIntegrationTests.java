package dev.selfdns;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.ServiceZone;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer table is swapped 2,000 times while queries run on both transports, with the
 * product's defaults (rate limiting and cookies on): every response is, byte for byte, one of
 * the two zones' responses, never a mix of them.
 */
class AnswerTableSwapIntegrationTests {

	/** Names whose answers differ between the zones in node, records, glue and SOA. */
	private static final String[][] QUESTIONS = { { "www.example.com.", "A" }, { "www.example.com.", "AAAA" },
			{ "ns1.www.example.com.", "A" }, { "nsb.www.example.com.", "A" }, { "www.example.com.", "NS" },
			{ "x.www.example.com.", "A" } };

	/** UDP comes from this many /24s, each below its rate limit for the whole test. */
	private static final int UDP_NETWORKS = 100;

	private static final int QUERIES_PER_NETWORK = 60;

	/** TCP queries go on until the swaps are done, at most this many. */
	private static final int MAX_TCP_QUERIES = 200_000;

	private static final int SWAPS = 2_000;

	private static final long SWAP_PAUSE_NANOS = 50_000;

	@Test
	void everyResponseIsWhollyOneSnapshotsWhileTheTableSwaps() {
		TestServers.runner().run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			DnsTestClient client = TestServers.client(context);
			AnswerTable table = context.getBean(AnswerTable.class);
			ServiceZone first = table.zone();
			ServiceZone second = ServiceZone.builder(first.origin())
				.addresses(InetAddress.getByName("192.0.2.9"), InetAddress.getByName("2001:db8::9"))
				.nameServer(Name.fromString("ns1.www.example.com."), InetAddress.getByName("192.0.2.9"))
				.nameServer(Name.fromString("nsb.www.example.com."), InetAddress.getByName("192.0.2.10"))
				.nameServer(Name.fromString("ns3.example.net."))
				.build();
			byte[][] queries = new byte[QUESTIONS.length][];
			for (int i = 0; i < QUESTIONS.length; i++) {
				queries[i] = DnsTestClient.query(QUESTIONS[i][0], Type.value(QUESTIONS[i][1])).toWire();
			}
			byte[][] ofFirst = responses(client, queries);
			table.publish(second);
			byte[][] ofSecond = responses(client, queries);
			for (int i = 0; i < queries.length; i++) {
				assertThat(ofSecond[i]).as("the zones answer %s alike", Arrays.toString(QUESTIONS[i]))
					.isNotEqualTo(ofFirst[i]);
			}
			AtomicBoolean querying = new AtomicBoolean(true);
			AtomicInteger swaps = new AtomicInteger();
			Thread swapper = new Thread(() -> {
				while (querying.get() && swaps.get() < SWAPS) {
					table.publish(((swaps.incrementAndGet() & 1) != 0) ? first : second);
					// A pause between swaps leaves the listeners and clients the CPU on small machines.
					LockSupport.parkNanos(SWAP_PAUSE_NANOS);
				}
			}, "swapper");
			swapper.start();
			Tally tally = new Tally(ofFirst, ofSecond);
			try {
				Thread tcp = new Thread(() -> tally.run(() -> tcp(client, queries, tally, swapper)), "tcp-client");
				tcp.start();
				udp(client, queries, tally);
				tcp.join();
			}
			finally {
				querying.set(false);
				swapper.join();
			}
			assertThat(tally.failure).isNull();
			assertThat(tally.mixed).as("responses that are neither zone's").isEmpty();
			assertThat(swaps.get()).as("swaps while the queries ran").isEqualTo(SWAPS);
			assertThat(tally.udp.get()).isEqualTo(UDP_NETWORKS * QUERIES_PER_NETWORK);
			assertThat(tally.tcp.get()).as("TCP queries while the table swapped").isBetween(SWAPS, MAX_TCP_QUERIES);
			assertThat(tally.fromFirst.get()).as("responses from the first zone").isPositive();
			assertThat(tally.fromSecond.get()).as("responses from the second zone").isPositive();
		});
	}

	private static byte[][] responses(DnsTestClient client, byte[][] queries) throws Exception {
		byte[][] responses = new byte[queries.length][];
		try (Socket socket = client.connect()) {
			for (int i = 0; i < queries.length; i++) {
				DnsTestClient.writeFramed(socket, queries[i]);
				responses[i] = DnsTestClient.readFramed(socket);
			}
		}
		return responses;
	}

	/** Queries until the swapper is done: every swap happens while queries run. */
	private static void tcp(DnsTestClient client, byte[][] queries, Tally tally, Thread swapper) throws Exception {
		try (Socket socket = client.connect()) {
			for (int i = 0; i < MAX_TCP_QUERIES && (swapper.isAlive() || i < SWAPS); i++) {
				int question = i % queries.length;
				DnsTestClient.writeFramed(socket, queries[question]);
				tally.check(question, DnsTestClient.readFramed(socket));
				tally.tcp.incrementAndGet();
			}
		}
	}

	/** One query at a time from each network in turn, so none is ever over its limit. */
	private static void udp(DnsTestClient client, byte[][] queries, Tally tally) throws Exception {
		List<DatagramSocket> sockets = new ArrayList<>();
		try {
			for (int network = 1; network <= UDP_NETWORKS; network++) {
				DatagramSocket socket = new DatagramSocket(
						new InetSocketAddress(InetAddress.getByName("127.0." + network + ".1"), 0));
				socket.setSoTimeout(2_000);
				sockets.add(socket);
			}
			InetSocketAddress server = new InetSocketAddress("127.0.0.1", client.port());
			byte[] buffer = new byte[65535];
			for (int round = 0; round < QUERIES_PER_NETWORK; round++) {
				for (DatagramSocket socket : sockets) {
					int question = round % queries.length;
					socket.send(new DatagramPacket(queries[question], queries[question].length, server));
					DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
					try {
						socket.receive(packet);
					}
					catch (SocketTimeoutException ex) {
						throw new AssertionError("No UDP answer to " + Arrays.toString(QUESTIONS[question]), ex);
					}
					tally.check(question, Arrays.copyOf(buffer, packet.getLength()));
					tally.udp.incrementAndGet();
				}
			}
		}
		finally {
			sockets.forEach(DatagramSocket::close);
		}
	}

	private static final class Tally {

		final byte[][] ofFirst;

		final byte[][] ofSecond;

		final AtomicInteger udp = new AtomicInteger();

		final AtomicInteger tcp = new AtomicInteger();

		final AtomicInteger fromFirst = new AtomicInteger();

		final AtomicInteger fromSecond = new AtomicInteger();

		final List<String> mixed = java.util.Collections.synchronizedList(new ArrayList<>());

		volatile Throwable failure;

		Tally(byte[][] ofFirst, byte[][] ofSecond) {
			this.ofFirst = ofFirst;
			this.ofSecond = ofSecond;
		}

		void check(int question, byte[] response) {
			if (Arrays.equals(response, this.ofFirst[question])) {
				this.fromFirst.incrementAndGet();
			}
			else if (Arrays.equals(response, this.ofSecond[question])) {
				this.fromSecond.incrementAndGet();
			}
			else if (this.mixed.size() < 10) {
				this.mixed.add(Arrays.toString(QUESTIONS[question]) + ": " + HexFormat.of().formatHex(response));
			}
		}

		void run(Task task) {
			try {
				task.run();
			}
			catch (Throwable ex) {
				this.failure = ex;
			}
		}

	}

	@FunctionalInterface
	private interface Task {

		void run() throws Exception;

	}

}
