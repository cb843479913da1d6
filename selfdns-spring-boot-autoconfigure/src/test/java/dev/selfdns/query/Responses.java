package dev.selfdns.query;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * Runs one query through a chain as a transport would and says how many bytes it sends.
 */
final class Responses {

	/** What {@link #respond} returns when nothing is sent. */
	static final int NO_RESPONSE = -1;

	private Responses() {
	}

	static int respond(QueryHandler handler, byte[] in, int length, QueryExchange exchange, byte[] out, boolean udp,
			@Nullable InetAddress client) {
		ResponseAction action = handler.handle(in, length, exchange, out, udp ? DnsTransport.UDP : DnsTransport.TCP,
				client);
		return (action == ResponseAction.NONE) ? NO_RESPONSE : exchange.responseLength();
	}

}
