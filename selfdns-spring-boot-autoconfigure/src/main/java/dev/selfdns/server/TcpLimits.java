package dev.selfdns.server;

import java.time.Duration;

/**
 * What one TCP client may hold of the server: a slow or hostile client must not keep others
 * out nor make the server buffer without bound.
 *
 * @param idleTimeout how long a connection may stay open with nothing to read or write
 * @param messageTimeout how long a client may take to send one whole message, counted from its
 * first byte (a client that trickles bytes is closed, not kept open)
 * @param maxConnections the most connections open at once
 * @param maxConnectionsPerClient the most connections open at once from one client: one IPv4
 * address, or one IPv6 /64
 * @param maxQueriesInFlight the most answers that may wait in the server for a client to read
 * them; beyond it the server reads no more from that client until it reads
 * @param maxConnectionsPerNetwork the most connections open at once from one network, so that
 * the hosts of one network cannot hold every connection
 * @param ipv4NetworkPrefix the IPv4 network size, as rate limiting counts networks
 * @param ipv6NetworkPrefix the IPv6 network size, as rate limiting counts networks
 */
public record TcpLimits(Duration idleTimeout, Duration messageTimeout, int maxConnections, int maxConnectionsPerClient,
		int maxQueriesInFlight, int maxConnectionsPerNetwork, int ipv4NetworkPrefix, int ipv6NetworkPrefix) {

	/**
	 * Limits with networks as rate limiting counts them by default: IPv4 /24, IPv6 /56.
	 */
	public TcpLimits(Duration idleTimeout, Duration messageTimeout, int maxConnections, int maxConnectionsPerClient,
			int maxQueriesInFlight, int maxConnectionsPerNetwork) {
		this(idleTimeout, messageTimeout, maxConnections, maxConnectionsPerClient, maxQueriesInFlight,
				maxConnectionsPerNetwork, 24, 56);
	}

}
