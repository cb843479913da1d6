package dev.selfdns.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import dev.selfdns.query.QueryCounters;
import dev.selfdns.query.QueryHandler;
import dev.selfdns.zone.IpAddresses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The embedded name server: binds the UDP and TCP listeners when the context starts (a bind
 * failure ends start-up) and releases them when it stops. It starts after the web server and
 * stops before it, so DNS never sends clients to a host that cannot serve them.
 */
public final class DnsServer implements SmartLifecycle {

	/** Starts after the web server (DEFAULT_PHASE - 2048) and its graceful shutdown (- 1024). */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final int FREE_PORT_ATTEMPTS = 20;

	private static final Log logger = LogFactory.getLog(DnsServer.class);

	private final QueryHandler handler;

	private final ListenerSettings settings;

	private final ApplicationEventPublisher publisher;

	private final @Nullable DelayedAnswers delayed;

	private final QueryCounters counters;

	private final List<UdpListener> udp = new ArrayList<>();

	private @Nullable TcpListener tcp;

	private @Nullable InetSocketAddress udpAddress;

	private @Nullable InetSocketAddress tcpAddress;

	private @Nullable Thread await;

	/**
	 * Create a server.
	 * @param handler answers queries
	 * @param settings where to listen
	 * @param publisher receives {@link DnsServerInitializedEvent} once bound
	 * @param delayed sends answers that load shaping delays, started and stopped with the
	 * listeners; {@code null} without shaping
	 * @param counters counts every query
	 */
	public DnsServer(QueryHandler handler, ListenerSettings settings,
			ApplicationEventPublisher publisher, @Nullable DelayedAnswers delayed, QueryCounters counters) {
		this.handler = handler;
		this.settings = settings;
		this.publisher = publisher;
		this.delayed = delayed;
		this.counters = counters;
	}

	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		if (this.delayed != null) {
			this.delayed.start();
		}
		bind();
		this.udp.forEach(UdpListener::start);
		if (this.tcp != null) {
			this.tcp.start();
		}
		startAwait();
		logger.info("selfdns listening on " + describeListeners());
		this.publisher.publishEvent(new DnsServerInitializedEvent(this));
	}

	/**
	 * The listener threads are daemons; this one is not, so an app without a web server keeps
	 * running while DNS serves, as Boot's own servers keep an await thread.
	 */
	private void startAwait() {
		Thread thread = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				LockSupport.park(this);
			}
		}, "selfdns-await");
		thread.setDaemon(false);
		thread.start();
		this.await = thread;
	}

	private void bind() {
		int port = this.settings.port();
		for (int attempt = 1;; attempt++) {
			try {
				bindBoth(port);
				return;
			}
			catch (DnsServerBindException ex) {
				// With port 0 the TCP port chosen to match UDP's may be taken: pick another pair.
				if (port != 0 || attempt == FREE_PORT_ATTEMPTS || !(ex.getCause() instanceof BindException)) {
					throw ex;
				}
			}
		}
	}

	private void bindBoth(int port) {
		InetSocketAddress address = socketAddress(port);
		try {
			if (this.settings.udp()) {
				bindUdp(address);
				this.udpAddress = localAddress(this.udp.get(0));
				address = socketAddress(this.udpAddress.getPort());
			}
			if (this.settings.tcp()) {
				this.tcp = bindTcp(address);
				this.tcpAddress = localAddress(this.tcp);
			}
		}
		catch (DnsServerBindException ex) {
			release();
			throw ex;
		}
	}

	private void bindUdp(InetSocketAddress address) {
		int threads = udpThreads();
		boolean reusePort = threads > 1;
		for (int i = 1; i <= threads; i++) {
			String name = (threads > 1) ? "selfdns-udp-" + i : "selfdns-udp";
			try {
				this.udp.add(UdpListener.bind(address, reusePort, this.settings.udpBufferSize(), name, this.handler,
						this.delayed, this.counters));
			}
			catch (IOException ex) {
				throw new DnsServerBindException("UDP", address, ex);
			}
			// The others join the port the first was given (port 0 picks one).
			address = localAddress(this.udp.get(0));
		}
		int granted = getUdpReceiveBufferSize();
		if (granted < this.settings.udpBufferSize()) {
			logger.warn("selfdns UDP receive buffer is " + granted + " bytes, not the " + this.settings.udpBufferSize()
					+ " of selfdns.listen.udp-buffer-size: the system caps it (net.core.rmem_max on Linux);"
					+ " bursts beyond it are dropped");
		}
	}

	private int udpThreads() {
		int threads = this.settings.udpThreads();
		if (threads > 1 && !UdpListener.canReusePort()) {
			logger.warn("selfdns.listen.udp-threads=" + threads + " needs SO_REUSEPORT, which this platform lacks;"
					+ " using one UDP thread");
			return 1;
		}
		return threads;
	}

	private TcpListener bindTcp(InetSocketAddress address) {
		try {
			return TcpListener.bind(address, this.handler, this.settings.tcpLimits(), this.counters);
		}
		catch (IOException ex) {
			throw new DnsServerBindException("TCP", address, ex);
		}
	}

	private static InetSocketAddress localAddress(UdpListener listener) {
		try {
			return listener.localAddress();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static InetSocketAddress localAddress(TcpListener listener) {
		try {
			return listener.localAddress();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private InetSocketAddress socketAddress(int port) {
		return (this.settings.address() != null) ? new InetSocketAddress(this.settings.address(), port)
				: new InetSocketAddress(port);
	}

	@Override
	public synchronized void stop() {
		// The gate is closed already: ShutdownDrain stops before the listeners.
		release();
		if (this.delayed != null) {
			this.delayed.stop();
		}
		if (this.await != null) {
			this.await.interrupt();
			this.await = null;
		}
	}

	private void release() {
		try {
			for (UdpListener listener : this.udp) {
				listener.close();
			}
			if (this.tcp != null) {
				this.tcp.close();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.udp.clear();
		this.tcp = null;
		this.udpAddress = null;
		this.tcpAddress = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.udp.isEmpty() || this.tcp != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The bound UDP address.
	 * @return the address, or {@code null} when not listening on UDP
	 */
	public synchronized @Nullable InetSocketAddress getUdpAddress() {
		return this.udpAddress;
	}

	/**
	 * How many threads receive UDP queries, each on a socket of its own.
	 * @return the number, {@code 0} when not listening on UDP
	 */
	public synchronized int getUdpThreads() {
		return this.udp.size();
	}

	/**
	 * The receive buffer of the UDP sockets, as the system granted it.
	 * @return the size in bytes, {@code 0} when not listening on UDP
	 */
	public synchronized int getUdpReceiveBufferSize() {
		if (this.udp.isEmpty()) {
			return 0;
		}
		try {
			return this.udp.get(0).receiveBufferSize();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * The bound TCP address.
	 * @return the address, or {@code null} when not listening on TCP
	 */
	public synchronized @Nullable InetSocketAddress getTcpAddress() {
		return this.tcpAddress;
	}

	/**
	 * The port both transports are bound to.
	 * @return the port, or {@code -1} when not running
	 */
	public synchronized int getPort() {
		InetSocketAddress bound = (this.udpAddress != null) ? this.udpAddress : this.tcpAddress;
		return (bound != null) ? bound.getPort() : -1;
	}

	private String describeListeners() {
		StringBuilder description = new StringBuilder();
		if (this.udpAddress != null) {
			description.append("UDP ").append(describe(this.udpAddress));
			if (this.udp.size() > 1) {
				description.append(" (").append(this.udp.size()).append(" sockets)");
			}
		}
		if (this.tcpAddress != null) {
			description.append((description.length() > 0) ? " and " : "")
				.append("TCP ")
				.append(describe(this.tcpAddress));
		}
		return description.toString();
	}

	/**
	 * Format a socket address as people write it: {@code 192.0.2.1:53}, {@code [2001:db8::1]:53}.
	 * @param address the address
	 * @return the text
	 */
	public static String describe(InetSocketAddress address) {
		String host = IpAddresses.format(address.getAddress());
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

}
