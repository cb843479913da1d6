package dev.selfdns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import org.xbill.DNS.Message;

/**
 * Sends one query many times from one address over a real UDP socket, reading answers as they
 * come, and tallies them. Bounded: a fixed count of queries, then at most two seconds for the
 * last answers (done once the server is quiet for 300 ms).
 */
public final class UdpFlood {

	private static final Duration QUIET = Duration.ofMillis(300);

	private static final Duration LAST_ANSWERS = Duration.ofSeconds(2);

	private UdpFlood() {
	}

	/**
	 * Send as fast as the socket takes them.
	 */
	public static Tally send(String from, int port, Message query, int count) throws IOException {
		return send(from, port, query, count, 0);
	}

	/**
	 * Send at a steady rate, as a busy resolver does.
	 * @param perSecond queries a second, 0 for as fast as the socket takes them
	 */
	public static Tally send(String from, int port, Message query, int count, int perSecond) throws IOException {
		Tally tally = new Tally();
		byte[] wire = query.toWire();
		tally.querySize = wire.length;
		ByteBuffer in = ByteBuffer.allocate(4096);
		try (DatagramChannel channel = DatagramChannel.open()) {
			channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
			channel.bind(new InetSocketAddress(from, 0));
			channel.connect(new InetSocketAddress("127.0.0.1", port));
			channel.configureBlocking(false);
			long start = System.nanoTime();
			for (int i = 0; i < count; i++) {
				if (perSecond > 0) {
					long due = start + i * 1_000_000_000L / perSecond;
					while (System.nanoTime() < due) {
						drain(channel, in, tally);
						LockSupport.parkNanos(50_000);
					}
				}
				channel.write(ByteBuffer.wrap(wire));
				drain(channel, in, tally);
			}
			tally.sendingNanos = System.nanoTime() - start;
			long end = System.nanoTime() + LAST_ANSWERS.toNanos();
			long quietSince = System.nanoTime();
			while (System.nanoTime() < end && System.nanoTime() - quietSince < QUIET.toNanos()) {
				if (drain(channel, in, tally)) {
					quietSince = System.nanoTime();
				}
				Thread.onSpinWait();
			}
		}
		return tally;
	}

	private static boolean drain(DatagramChannel channel, ByteBuffer in, Tally tally) throws IOException {
		boolean any = false;
		while (true) {
			in.clear();
			if (channel.read(in) <= 0) {
				return any;
			}
			any = true;
			if (in.position() > tally.querySize) {
				tally.largerThanQuery++;
			}
			int rcode = in.get(3) & 0x0F;
			if ((in.get(2) & 0x02) != 0) {
				tally.truncated++;
				tally.truncatedRcodes.add(rcode);
			}
			else {
				tally.answered++;
				tally.answeredRcodes.add(rcode);
			}
		}
	}

	/** What came back. */
	public static final class Tally {

		/** Responses that were not truncated. */
		public int answered;

		/** Responses with TC set. */
		public int truncated;

		/** The response codes of the responses not truncated. */
		public final Set<Integer> answeredRcodes = new HashSet<>();

		/** The response codes of the truncated responses. */
		public final Set<Integer> truncatedRcodes = new HashSet<>();

		/** The size of the query sent. */
		public int querySize;

		/** Responses larger than the query. */
		public int largerThanQuery;

		/** How long sending took. */
		public long sendingNanos;

	}

}
