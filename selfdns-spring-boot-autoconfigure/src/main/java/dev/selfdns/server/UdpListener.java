package dev.selfdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

import dev.selfdns.wire.ParsedQuery;
import dev.selfdns.wire.QueryResponder;
import dev.selfdns.wire.ResponseWriter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Receives queries on one UDP socket and answers each on the thread that received it. The
 * thread blocks only in the socket; buffers are its own and reused.
 */
final class UdpListener implements Runnable {

	private static final Log logger = LogFactory.getLog(UdpListener.class);

	private final DatagramChannel channel;

	private final QueryResponder responder;

	private final Thread thread;

	private UdpListener(DatagramChannel channel, QueryResponder responder) {
		this.channel = channel;
		this.responder = responder;
		this.thread = new Thread(this, "selfdns-udp");
		this.thread.setDaemon(true);
	}

	static UdpListener bind(InetSocketAddress address, QueryResponder responder) throws IOException {
		DatagramChannel channel = DatagramChannel.open();
		try {
			channel.bind(address);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		return new UdpListener(channel, responder);
	}

	InetSocketAddress localAddress() throws IOException {
		return (InetSocketAddress) this.channel.getLocalAddress();
	}

	void start() {
		this.thread.start();
	}

	@Override
	public void run() {
		ByteBuffer in = ByteBuffer.allocate(ResponseWriter.MAX_MESSAGE);
		byte[] out = new byte[ResponseWriter.MAX_MESSAGE];
		ByteBuffer outBuffer = ByteBuffer.wrap(out);
		ParsedQuery query = new ParsedQuery();
		while (this.channel.isOpen()) {
			try {
				in.clear();
				SocketAddress client = this.channel.receive(in);
				int length = this.responder.respond(in.array(), in.position(), query, out, true);
				if (length > 0) {
					outBuffer.clear().limit(length);
					this.channel.send(outBuffer, client);
				}
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
