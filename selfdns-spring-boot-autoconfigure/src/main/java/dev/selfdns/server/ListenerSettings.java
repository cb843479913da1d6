package dev.selfdns.server;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * Where and how the listeners bind.
 *
 * @param address the address to bind, {@code null} for every address
 * @param port the port, {@code 0} for any free port (the same one for UDP and TCP)
 * @param udp whether to listen on UDP
 * @param udpThreads how many threads receive UDP queries, each on a socket of its own
 * @param udpBufferSize the receive and send buffer of each UDP socket in bytes, {@code 0} for the
 * system's default
 * @param tcp whether to listen on TCP
 * @param tcpLimits what one TCP client may hold
 */
public record ListenerSettings(@Nullable InetAddress address, int port, boolean udp, int udpThreads, int udpBufferSize,
		boolean tcp, TcpLimits tcpLimits) {

}
