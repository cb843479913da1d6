package dev.selfdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

import dev.selfdns.query.DnsTransport;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.query.QueryExchange;
import dev.selfdns.query.QueryHandler;
import dev.selfdns.query.ResponseAction;
import dev.selfdns.wire.ResponseWriter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Receives queries on one UDP socket and answers each on the thread that received it. The
 * thread blocks only in the socket; buffers are its own and reused. Several listeners may share
 * a port through {@code SO_REUSEPORT}, the kernel spreading clients over their sockets.
 */
final class UdpListener implements Runnable {

	private static final Log logger = LogFactory.getLog(UdpListener.class);

	private final DatagramChannel channel;

	private final QueryHandler handler;

	private final @Nullable DelayedAnswers delayed;

	private final QueryCounters counters;

	private final Thread thread;

	private UdpListener(DatagramChannel channel, String threadName, QueryHandler handler,
			@Nullable DelayedAnswers delayed, QueryCounters counters) {
		this.channel = channel;
		this.handler = handler;
		this.delayed = delayed;
		this.counters = counters;
		this.thread = new Thread(this, threadName);
		this.thread.setDaemon(true);
	}

	/**
	 * Bind a listener.
	 * @param address the address and port
	 * @param reusePort whether other sockets may bind the same port ({@code SO_REUSEPORT})
	 * @param bufferSize the socket's receive and send buffer in bytes, {@code 0} for the default
	 * @param threadName the name of the listener's thread
	 * @param handler answers queries
	 * @param delayed sends delayed answers, {@code null} without shaping
	 * @param counters counts queries
	 * @return the bound listener, not yet started
	 * @throws IOException if the socket cannot be bound
	 */
	static UdpListener bind(InetSocketAddress address, boolean reusePort, int bufferSize, String threadName,
			QueryHandler handler, @Nullable DelayedAnswers delayed, QueryCounters counters) throws IOException {
		DatagramChannel channel = DatagramChannel.open();
		try {
			if (reusePort) {
				channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			}
			if (bufferSize > 0) {
				// Room for a burst while the thread is off the CPU (a GC pause, a busy core);
				// the kernel caps it at net.core.rmem_max and wmem_max.
				channel.setOption(StandardSocketOptions.SO_RCVBUF, bufferSize);
				channel.setOption(StandardSocketOptions.SO_SNDBUF, bufferSize);
			}
			channel.bind(address);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		return new UdpListener(channel, threadName, handler, delayed, counters);
	}

	/**
	 * Whether this platform lets several sockets share a UDP port.
	 * @return {@code true} where {@code SO_REUSEPORT} is supported (Linux, macOS, the BSDs)
	 */
	static boolean canReusePort() {
		try (DatagramChannel channel = DatagramChannel.open()) {
			return channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
		}
		catch (IOException ex) {
			return false;
		}
	}

	InetSocketAddress localAddress() throws IOException {
		return (InetSocketAddress) this.channel.getLocalAddress();
	}

	int receiveBufferSize() throws IOException {
		return this.channel.getOption(StandardSocketOptions.SO_RCVBUF);
	}

	void start() {
		this.thread.start();
	}

	@Override
	public void run() {
		ByteBuffer in = ByteBuffer.allocate(ResponseWriter.MAX_MESSAGE);
		byte[] out = new byte[ResponseWriter.MAX_MESSAGE];
		ByteBuffer outBuffer = ByteBuffer.wrap(out);
		QueryExchange exchange = new QueryExchange();
		while (this.channel.isOpen()) {
			try {
				in.clear();
				InetSocketAddress client = (InetSocketAddress) this.channel.receive(in);
				ResponseAction action = this.handler.handle(in.array(), in.position(), exchange, out, DnsTransport.UDP,
						client.getAddress());
				int length = exchange.responseLength();
				if (action == ResponseAction.SEND_LATER && this.delayed != null) {
					if (sendLater(Arrays.copyOf(out, length), client, exchange.delayNanos())) {
						this.counters.delayed(exchange.delayNanos());
					}
					else {
						exchange.dropped();
					}
				}
				else if (action != ResponseAction.NONE) {
					outBuffer.clear().limit(length);
					this.channel.send(outBuffer, client);
				}
				this.counters.count(DnsTransport.UDP, exchange.queryType(), exchange.outcome(), exchange.zone());
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException | RuntimeException ex) {
				// One bad datagram or an unreachable client must never stop the listener.
				if (logger.isDebugEnabled()) {
					logger.debug("UDP query failed", ex);
				}
			}
		}
	}

	private boolean sendLater(byte[] response, InetSocketAddress client, long delayNanos) {
		// Past the bound the answer is dropped; DelayedAnswers counts it as overflow.
		return this.delayed.schedule(() -> {
			try {
				this.channel.send(ByteBuffer.wrap(response), client);
			}
			catch (IOException ex) {
				logger.debug("Sending a delayed answer failed", ex);
			}
		}, delayNanos);
	}

	void close() throws InterruptedException {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the UDP socket failed", ex);
		}
		this.thread.join();
	}

}
