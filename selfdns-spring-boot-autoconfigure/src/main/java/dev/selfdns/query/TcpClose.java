package dev.selfdns.query;

/**
 * Why the server closed a TCP connection.
 */
public enum TcpClose {

	/** Open longer than the idle timeout with nothing to read or write. */
	IDLE,

	/** Took longer than the message timeout to send one message. */
	SLOW,

	/** Refused: the server had as many connections open as it allows. */
	LIMIT,

	/** Refused: the client had as many connections open as one client may. */
	CLIENT_LIMIT,

	/** Refused: the client's network had as many connections open as one network may. */
	NETWORK_LIMIT

}
