package dev.selfdns.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.metrics.QueryCounters;
import dev.selfdns.shaping.DelayedAnswers;
import dev.selfdns.wire.QueryResponder;
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

	private final QueryResponder responder;

	private final ListenerSettings settings;

	private final ServingGate gate;

	private final ApplicationEventPublisher publisher;

	private final @Nullable DelayedAnswers delayed;

	private final QueryCounters counters;

	private @Nullable UdpListener udp;

	private @Nullable TcpListener tcp;

	private @Nullable InetSocketAddress udpAddress;

	private @Nullable InetSocketAddress tcpAddress;

	/**
	 * Create a server.
	 * @param responder answers queries
	 * @param settings where to listen
	 * @param gate closed for good when the server stops
	 * @param publisher receives {@link DnsServerInitializedEvent} once bound
	 * @param delayed sends answers that load shaping delays; {@code null} without shaping
	 * @param counters counts every query
	 */
	public DnsServer(QueryResponder responder, ListenerSettings settings, ServingGate gate,
			ApplicationEventPublisher publisher, @Nullable DelayedAnswers delayed, QueryCounters counters) {
		this.responder = responder;
		this.settings = settings;
		this.gate = gate;
		this.publisher = publisher;
		this.delayed = delayed;
		this.counters = counters;
	}

	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		bind();
		if (this.udp != null) {
			this.udp.start();
		}
		if (this.tcp != null) {
			this.tcp.start();
		}
		logger.info("selfdns listening on " + describeListeners());
		this.publisher.publishEvent(new DnsServerInitializedEvent(this));
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
				this.udp = bindUdp(address);
				this.udpAddress = localAddress(this.udp);
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

	private UdpListener bindUdp(InetSocketAddress address) {
		try {
			return UdpListener.bind(address, this.responder, this.delayed, this.counters);
		}
		catch (IOException ex) {
			throw new DnsServerBindException("UDP", address, ex);
		}
	}

	private TcpListener bindTcp(InetSocketAddress address) {
		try {
			return TcpListener.bind(address, this.responder, this.settings.tcpIdleTimeout(),
					this.settings.tcpMaxConnections(), this.counters);
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
		// Close the gate before the sockets, so nothing is answered once shutdown has begun.
		this.gate.shutdown();
		release();
	}

	private void release() {
		try {
			if (this.udp != null) {
				this.udp.close();
			}
			if (this.tcp != null) {
				this.tcp.close();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.udp = null;
		this.tcp = null;
		this.udpAddress = null;
		this.tcpAddress = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.udp != null || this.tcp != null;
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
		String host = address.getAddress().getHostAddress();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

}
