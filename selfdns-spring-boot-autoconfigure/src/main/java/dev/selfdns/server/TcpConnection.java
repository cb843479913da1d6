package dev.selfdns.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

/**
 * One TCP client: the bytes read so far and the responses not yet written. Messages are
 * two-byte length prefixed (RFC 1035 section 4.2.2); several may arrive at once and are
 * answered in order (RFC 7766 section 6.2.1).
 */
final class TcpConnection {

	private static final int INITIAL_BUFFER = 2 + 512;

	/** Stop reading while this much is waiting to be written, whatever the count of answers. */
	static final int MAX_PENDING_OUTPUT = 128 * 1024;

	/** No message is part way in. */
	static final long NONE = Long.MIN_VALUE;

	final SocketChannel channel;

	/** The client's address, for server cookies; {@code null} if the socket could not tell. */
	final @Nullable InetAddress client;

	private ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER);

	private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();

	private int pendingBytes;

	private final int maxPending;

	/**
	 * The client is done (it closed its side, or sent a zero-length message): read nothing more,
	 * and close once the answers to what was read are written.
	 */
	boolean closing;

	/** A zero-length message ended the client's queries: what follows it is not answered. */
	boolean ended;

	long lastActivity;

	/** When the first byte of a message not yet whole arrived, or {@link #NONE}. */
	long messageStarted = NONE;

	TcpConnection(SocketChannel channel, @Nullable InetAddress client, int maxPending, long now) {
		this.channel = channel;
		this.client = client;
		this.maxPending = maxPending;
		this.lastActivity = now;
	}

	static @Nullable InetAddress remoteAddress(SocketChannel channel) {
		try {
			return (channel.getRemoteAddress() instanceof InetSocketAddress remote) ? remote.getAddress() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Read what the socket has.
	 * @return {@code false} when the client closed its side
	 */
	boolean read() throws IOException {
		if (!this.in.hasRemaining()) {
			grow(this.in.capacity() * 2);
		}
		return this.channel.read(this.in) >= 0;
	}

	/**
	 * The length of the next complete message in the buffer.
	 * @return its length, {@code -1} if it has not fully arrived, {@code 0} for a zero-length
	 * message
	 */
	int nextMessageLength() {
		if (this.in.position() < 2) {
			return -1;
		}
		int length = ((this.in.get(0) & 0xFF) << 8) | (this.in.get(1) & 0xFF);
		if (this.in.capacity() < 2 + length) {
			grow(2 + length);
		}
		return (this.in.position() >= 2 + length) ? length : -1;
	}

	/** Copy the next complete message out and drop it from the buffer. */
	void takeMessage(byte[] into, int length) {
		System.arraycopy(this.in.array(), 2, into, 0, length);
		this.in.flip();
		this.in.position(2 + length);
		this.in.compact();
	}

	private void grow(int capacity) {
		ByteBuffer bigger = ByteBuffer.allocate(Math.min(capacity, 2 + 65535));
		this.in.flip();
		bigger.put(this.in);
		this.in = bigger;
	}

	void queue(byte[] response, int length) {
		ByteBuffer framed = ByteBuffer.allocate(2 + length);
		framed.putShort((short) length).put(response, 0, length).flip();
		this.pending.add(framed);
		this.pendingBytes += framed.remaining();
	}

	/**
	 * Write as much as the socket takes.
	 * @return {@code true} when everything queued was written
	 */
	boolean flush() throws IOException {
		while (!this.pending.isEmpty()) {
			ByteBuffer head = this.pending.peek();
			int written = this.channel.write(head);
			this.pendingBytes -= written;
			if (head.hasRemaining()) {
				return false;
			}
			this.pending.poll();
		}
		return true;
	}

	/** Whether the client has as many answers waiting as it may: read no more from it. */
	boolean backedUp() {
		return this.pending.size() >= this.maxPending || this.pendingBytes > MAX_PENDING_OUTPUT;
	}

	/** Whether some bytes of a message are in, but not all. */
	boolean hasPartialMessage() {
		return this.in.position() > 0 && nextMessageLength() < 0;
	}

	boolean hasPending() {
		return !this.pending.isEmpty();
	}

}
