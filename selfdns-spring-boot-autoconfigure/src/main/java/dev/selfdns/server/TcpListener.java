package dev.selfdns.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import dev.selfdns.query.DnsTransport;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.query.TcpClose;
import dev.selfdns.net.ResolverNetworks;
import dev.selfdns.query.QueryExchange;
import dev.selfdns.query.QueryHandler;
import dev.selfdns.query.ResponseAction;
import dev.selfdns.wire.ResponseWriter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Serves DNS over TCP (RFC 7766) from one non-blocking selector thread: several queries per
 * connection, and the {@link TcpLimits} that keep slow or hostile clients from holding the
 * server. The thread blocks only in {@link Selector#select(long)}. Answers over TCP are not
 * load shaped: TCP carries the retries of truncated UDP answers, which were shaped already.
 */
final class TcpListener implements Runnable {

	private static final Log logger = LogFactory.getLog(TcpListener.class);

	/** The per-client cap counts hosts: an IPv4 address, an IPv6 /64. */
	private static final ResolverNetworks CLIENT_HOSTS = new ResolverNetworks(32, 64, 0);

	private final ServerSocketChannel server;

	private final Selector selector;

	private final QueryHandler handler;

	private final TcpLimits limits;

	private final long idleTimeoutNanos;

	private final long messageTimeoutNanos;

	private final long sweepEveryNanos;

	private final QueryCounters counters;

	private final Thread thread;

	private final byte[] message = new byte[ResponseWriter.MAX_MESSAGE];

	private final byte[] response = new byte[ResponseWriter.MAX_MESSAGE];

	private final QueryExchange exchange = new QueryExchange();

	/** Open connections per client key; only the selector thread touches it. */
	private final Map<Long, Integer> perClient = new HashMap<>();

	/** The per-network cap counts networks as rate limiting does: IPv4 /24, IPv6 /56 by default. */
	private final ResolverNetworks networks;

	/** Open connections per network key; only the selector thread touches it. */
	private final Map<Long, Integer> perNetwork = new HashMap<>();

	private int connections;

	private long lastSweep;

	private volatile boolean running = true;

	private TcpListener(ServerSocketChannel server, Selector selector, QueryHandler handler, TcpLimits limits,
			QueryCounters counters) {
		this.server = server;
		this.selector = selector;
		this.handler = handler;
		this.limits = limits;
		this.networks = new ResolverNetworks(limits.ipv4NetworkPrefix(), limits.ipv6NetworkPrefix(), 0);
		this.idleTimeoutNanos = limits.idleTimeout().toNanos();
		this.messageTimeoutNanos = limits.messageTimeout().toNanos();
		// Timeouts are kept to within a quarter of the shorter one.
		this.sweepEveryNanos = Math.max(1_000_000, Math.min(this.idleTimeoutNanos, this.messageTimeoutNanos) / 4);
		this.counters = counters;
		this.thread = new Thread(this, "selfdns-tcp");
		this.thread.setDaemon(true);
	}

	static TcpListener bind(InetSocketAddress address, QueryHandler handler, TcpLimits limits,
			QueryCounters counters) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open();
		try {
			server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			server.bind(address, limits.maxConnections());
			server.configureBlocking(false);
			Selector selector = Selector.open();
			server.register(selector, SelectionKey.OP_ACCEPT);
			return new TcpListener(server, selector, handler, limits, counters);
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
		long selectMillis = Math.max(1, this.sweepEveryNanos / 1_000_000);
		try {
			while (this.running) {
				this.selector.select(selectMillis);
				long now = System.nanoTime();
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					handle(key, now);
				}
				if (now - this.lastSweep >= this.sweepEveryNanos) {
					this.lastSweep = now;
					closeExpired(now);
				}
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
				try {
					accept(now);
				}
				catch (IOException | RuntimeException ex) {
					// One connection that fails to set up is lost; the listening socket goes on.
					if (logger.isDebugEnabled()) {
						logger.debug("Accepting a TCP connection failed", ex);
					}
				}
				return;
			}
			TcpConnection connection = (TcpConnection) key.attachment();
			if (key.isReadable()) {
				connection.lastActivity = now;
				if (!connection.read()) {
					// The client closed its side: its queries still get their answers (RFC 7766 6.2.4).
					connection.closing = true;
				}
			}
			else if (key.isWritable()) {
				connection.lastActivity = now;
			}
			serve(connection, now);
			if (connection.closing && !connection.hasPending()) {
				close(key);
				return;
			}
			key.interestOps((connection.backedUp() || connection.closing ? 0 : SelectionKey.OP_READ)
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
		if (this.connections >= this.limits.maxConnections()) {
			refuse(channel, TcpClose.LIMIT);
			return;
		}
		InetAddress client = TcpConnection.remoteAddress(channel);
		if (client != null) {
			Long key = clientKey(client);
			int open = this.perClient.getOrDefault(key, 0);
			if (open >= this.limits.maxConnectionsPerClient()) {
				refuse(channel, TcpClose.CLIENT_LIMIT);
				return;
			}
			// Many hosts of one network must not hold every slot: others, resolvers that rate
			// limiting sent to TCP among them, would be reset.
			Long network = this.networks.network(client);
			int fromNetwork = this.perNetwork.getOrDefault(network, 0);
			if (fromNetwork >= this.limits.maxConnectionsPerNetwork()) {
				refuse(channel, TcpClose.NETWORK_LIMIT);
				return;
			}
			this.perClient.put(key, open + 1);
			this.perNetwork.put(network, fromNetwork + 1);
		}
		try {
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.register(this.selector, SelectionKey.OP_READ,
					new TcpConnection(channel, client, this.limits.maxQueriesInFlight(), now));
		}
		catch (IOException | RuntimeException ex) {
			// A client gone before its connection was set up: give back what it was counted for.
			release(client);
			channel.close();
			throw ex;
		}
		this.connections++;
	}

	/** A connection of this client closed: one fewer for it and its network. */
	private void release(@Nullable InetAddress client) {
		if (client != null) {
			this.perClient.computeIfPresent(clientKey(client), (k, open) -> (open > 1) ? open - 1 : null);
			this.perNetwork.computeIfPresent(this.networks.network(client), (k, open) -> (open > 1) ? open - 1 : null);
		}
	}

	private void refuse(SocketChannel channel, TcpClose reason) throws IOException {
		// Counted first, so the count is there when the client sees the close.
		this.counters.tcpClosed(reason);
		channel.close();
	}

	/** One IPv4 address, or one IPv6 /64: what one client host is given. */
	static long clientKey(InetAddress client) {
		return CLIENT_HOSTS.network(client);
	}

	/**
	 * Answer the complete messages read so far and write the answers, until every message is
	 * answered, the client has as many answers waiting as it may, or a zero-length message ends
	 * its queries (those before it are answered, then the connection closes).
	 */
	private void serve(TcpConnection connection, long now) throws IOException {
		boolean took = false;
		int length;
		do {
			while (!connection.ended && !connection.backedUp() && (length = connection.nextMessageLength()) >= 0) {
				if (length == 0) {
					connection.ended = true;
					connection.closing = true;
					break;
				}
				connection.takeMessage(this.message, length);
				took = true;
				ResponseAction action = this.handler.handle(this.message, length, this.exchange, this.response,
						DnsTransport.TCP, connection.client);
				if (action != ResponseAction.NONE) {
					connection.queue(this.response, this.exchange.responseLength());
				}
				this.counters.count(DnsTransport.TCP, this.exchange.queryType(), this.exchange.outcome(), this.exchange.zone());
			}
		}
		while (connection.flush() && !connection.ended && connection.nextMessageLength() >= 0);
		// While backed up the server is not reading, so the client is not the slow one.
		if (connection.closing || connection.backedUp() || !connection.hasPartialMessage()) {
			connection.messageStarted = TcpConnection.NONE;
		}
		else if (took || connection.messageStarted == TcpConnection.NONE) {
			connection.messageStarted = now;
		}
	}

	private void closeExpired(long now) {
		for (SelectionKey key : this.selector.keys()) {
			if (key.attachment() instanceof TcpConnection connection) {
				if (connection.messageStarted != TcpConnection.NONE
						&& now - connection.messageStarted > this.messageTimeoutNanos) {
					this.counters.tcpClosed(TcpClose.SLOW);
					close(key);
				}
				else if (now - connection.lastActivity > this.idleTimeoutNanos) {
					this.counters.tcpClosed(TcpClose.IDLE);
					close(key);
				}
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
			release(connection.client);
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
