package dev.selfdns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Sends raw DNS messages to a server over real UDP and TCP sockets. Raw bytes in and out, so
 * tests can send what no well-behaved client would and see exactly what came back.
 */
public final class DnsTestClient {

	/** How long to wait before concluding that no answer will come. */
	public static final Duration SILENCE = Duration.ofMillis(700);

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

	private final InetSocketAddress server;

	private final InetAddress local;

	public DnsTestClient(InetSocketAddress server) {
		this(server, server.getAddress());
	}

	/**
	 * A client that sends from a given local address, e.g. another loopback network.
	 */
	public DnsTestClient(InetSocketAddress server, InetAddress local) {
		this.server = server;
		this.local = local;
	}

	public int port() {
		return this.server.getPort();
	}

	public static Message query(String name, int type) {
		return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
	}

	/**
	 * Send one datagram and wait for the answer.
	 * @return the answer, or {@code null} if none came within {@link #SILENCE}
	 */
	public byte @Nullable [] udpOrSilence(byte[] query) throws IOException {
		return udp(query, SILENCE);
	}

	public Message udp(Message query) throws IOException {
		byte[] answer = udp(query.toWire(), ANSWER_TIMEOUT);
		if (answer == null) {
			throw new SocketTimeoutException("No UDP answer from " + this.server);
		}
		return new Message(answer);
	}

	private byte @Nullable [] udp(byte[] query, Duration timeout) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(0, this.local)) {
			socket.setSoTimeout((int) timeout.toMillis());
			socket.send(new DatagramPacket(query, query.length, this.server));
			byte[] buffer = new byte[65535];
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				socket.receive(packet);
			}
			catch (SocketTimeoutException ex) {
				return null;
			}
			return Arrays.copyOf(buffer, packet.getLength());
		}
	}

	public Message tcp(Message query) throws IOException {
		byte[] answer = tcpOrClosed(query.toWire());
		if (answer == null) {
			throw new EOFException("TCP connection closed without an answer from " + this.server);
		}
		return new Message(answer);
	}

	/**
	 * Send one length-prefixed message on a new connection and read one answer.
	 * @return the answer, or {@code null} if the server closed the connection or sent nothing
	 * within {@link #SILENCE}
	 */
	public byte @Nullable [] tcpOrClosed(byte[] query) throws IOException {
		try (Socket socket = connect()) {
			socket.setSoTimeout((int) SILENCE.toMillis());
			writeFramed(socket, query);
			try {
				return readFramed(socket);
			}
			catch (EOFException | SocketTimeoutException ex) {
				return null;
			}
		}
	}

	public Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(this.server, (int) ANSWER_TIMEOUT.toMillis());
		socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
		return socket;
	}

	public static void writeFramed(Socket socket, byte[] message) throws IOException {
		// One write: a length prefix sent apart waits for the server's delayed ACK (Nagle).
		byte[] framed = new byte[2 + message.length];
		framed[0] = (byte) (message.length >>> 8);
		framed[1] = (byte) message.length;
		System.arraycopy(message, 0, framed, 2, message.length);
		socket.getOutputStream().write(framed);
		socket.getOutputStream().flush();
	}

	public static byte[] readFramed(Socket socket) throws IOException {
		DataInputStream in = new DataInputStream(socket.getInputStream());
		byte[] message = new byte[in.readUnsignedShort()];
		in.readFully(message);
		return message;
	}

}
