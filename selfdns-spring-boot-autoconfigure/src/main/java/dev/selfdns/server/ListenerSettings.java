package dev.selfdns.server;

import java.net.InetAddress;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where and how the listeners bind.
 *
 * @param address the address to bind, {@code null} for every address
 * @param port the port, {@code 0} for any free port (the same one for UDP and TCP)
 * @param udp whether to listen on UDP
 * @param tcp whether to listen on TCP
 * @param tcpIdleTimeout how long an idle TCP connection is kept open
 * @param tcpMaxConnections the most TCP connections open at once
 */
public record ListenerSettings(@Nullable InetAddress address, int port, boolean udp, boolean tcp,
		Duration tcpIdleTimeout, int tcpMaxConnections) {

}
