package dev.selfdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;

import dev.selfdns.metrics.DnsTransport;
import dev.selfdns.metrics.QueryCounters;
import dev.selfdns.wire.ParsedQuery;
import dev.selfdns.wire.QueryResponder;
import dev.selfdns.wire.ResponseWriter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Serves DNS over TCP (RFC 7766) from one non-blocking selector thread: several queries per
 * connection, an idle timeout, and a cap on open connections. The thread blocks only in
 * {@link Selector#select(long)}. Answers over TCP are not load shaped: TCP carries the
 * retries of truncated UDP answers, which were shaped already.
 */
final class TcpListener implements Runnable {

	private static final Log logger = LogFactory.getLog(TcpListener.class);

	private final ServerSocketChannel server;

	private final Selector selector;

	private final QueryResponder responder;

	private final long idleTimeoutNanos;

	private final int maxConnections;

	private final QueryCounters counters;

	private final Thread thread;

	private final byte[] message = new byte[ResponseWriter.MAX_MESSAGE];

	private final byte[] response = new byte[ResponseWriter.MAX_MESSAGE];

	private final ParsedQuery query = new ParsedQuery();

	private int connections;

	private volatile boolean running = true;

	private TcpListener(ServerSocketChannel server, Selector selector, QueryResponder responder,
			Duration idleTimeout, int maxConnections, QueryCounters counters) {
		this.server = server;
		this.selector = selector;
		this.responder = responder;
		this.idleTimeoutNanos = idleTimeout.toNanos();
		this.maxConnections = maxConnections;
		this.counters = counters;
		this.thread = new Thread(this, "selfdns-tcp");
		this.thread.setDaemon(true);
	}

	static TcpListener bind(InetSocketAddress address, QueryResponder responder, Duration idleTimeout,
			int maxConnections, QueryCounters counters) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open();
		try {
			server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			server.bind(address, maxConnections);
			server.configureBlocking(false);
			Selector selector = Selector.open();
			server.register(selector, SelectionKey.OP_ACCEPT);
			return new TcpListener(server, selector, responder, idleTimeout, maxConnections, counters);
		}
		catch (IOException ex) {
			server.close();
			throw ex;
		}
	}

	InetSocketAddress localAddress() throws IOException {
		return (InetSocketAddress) this.server.getLocalAddress();
	}

	void start() {
		this.thread.start();
	}

	@Override
	public void run() {
		long checkEvery = Math.max(1, Duration.ofNanos(this.idleTimeoutNanos).toMillis() / 4);
		try {
			while (this.running) {
				this.selector.select(checkEvery);
				long now = System.nanoTime();
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					handle(key, now);
				}
				closeIdle(now);
			}
		}
		catch (IOException | ClosedSelectorException ex) {
			if (this.running) {
				logger.error("The selfdns TCP listener stopped", ex);
			}
		}
	}

	private void handle(SelectionKey key, long now) {
		try {
			if (!key.isValid()) {
				return;
			}
			if (key.isAcceptable()) {
				accept(now);
				return;
			}
			TcpConnection connection = (TcpConnection) key.attachment();
			if (key.isWritable() && connection.flush()) {
				connection.lastActivity = now;
			}
			if (key.isReadable()) {
				connection.lastActivity = now;
				if (!connection.read()) {
					close(key);
					return;
				}
				if (!answerAll(connection)) {
					close(key);
					return;
				}
				connection.flush();
			}
			key.interestOps((connection.backedUp() ? 0 : SelectionKey.OP_READ)
					| (connection.hasPending() ? SelectionKey.OP_WRITE : 0));
		}
		catch (IOException | RuntimeException ex) {
			// A broken client loses its connection; the listener goes on.
			if (logger.isDebugEnabled()) {
				logger.debug("TCP connection failed", ex);
			}
			close(key);
		}
	}

	private void accept(long now) throws IOException {
		SocketChannel channel = this.server.accept();
		if (channel == null) {
			return;
		}
		if (this.connections >= this.maxConnections) {
			channel.close();
			return;
		}
		channel.configureBlocking(false);
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		channel.register(this.selector, SelectionKey.OP_READ, new TcpConnection(channel, now));
		this.connections++;
	}

	/**
	 * Answer every complete message read so far.
	 * @return {@code false} if the connection must be closed
	 */
	private boolean answerAll(TcpConnection connection) {
		int length;
		while (!connection.backedUp() && (length = connection.nextMessageLength()) >= 0) {
			if (length == 0) {
				return false;
			}
			connection.takeMessage(this.message, length);
			int responseLength = this.responder.respond(this.message, length, this.query, this.response, false,
					connection.client);
			if (responseLength > 0) {
				connection.queue(this.response, responseLength);
			}
			this.counters.count(DnsTransport.TCP, this.query.type(), this.query.outcome());
		}
		return true;
	}

	private void closeIdle(long now) {
		for (SelectionKey key : this.selector.keys()) {
			if (key.attachment() instanceof TcpConnection connection
					&& now - connection.lastActivity > this.idleTimeoutNanos) {
				close(key);
			}
		}
	}

	private void close(SelectionKey key) {
		if (!key.isValid()) {
			return;
		}
		key.cancel();
		if (key.attachment() instanceof TcpConnection connection) {
			this.connections--;
			try {
				connection.channel.close();
			}
			catch (IOException ex) {
				logger.debug("Closing a TCP connection failed", ex);
			}
		}
	}

	void close() throws InterruptedException {
		this.running = false;
		this.selector.wakeup();
		this.thread.join();
		for (SelectionKey key : this.selector.keys()) {
			close(key);
		}
		try {
			this.selector.close();
			this.server.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the TCP socket failed", ex);
		}
	}

}
