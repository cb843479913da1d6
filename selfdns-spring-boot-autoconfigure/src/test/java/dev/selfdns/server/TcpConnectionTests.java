package dev.selfdns.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one connection lets wait: the count of answers bounds it, and so does their size.
 */
class TcpConnectionTests {

	@Test
	void backsUpOnceAsManyAnswersWaitAsTheClientMay() throws Exception {
		try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
				SocketChannel channel = SocketChannel.open(server.getLocalAddress())) {
			TcpConnection connection = new TcpConnection(channel, null, 8, 0);
			byte[] answer = new byte[50];
			for (int i = 0; i < 7; i++) {
				connection.queue(answer, answer.length);
			}
			assertThat(connection.backedUp()).isFalse();
			connection.queue(answer, answer.length);
			assertThat(connection.backedUp()).isTrue();
			assertThat(connection.flush()).isTrue();
			assertThat(connection.backedUp()).isFalse();
		}
	}

	@Test
	void backsUpOnLargeAnswersBeforeTheCount() throws Exception {
		try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
				SocketChannel channel = SocketChannel.open(server.getLocalAddress())) {
			TcpConnection connection = new TcpConnection(channel, null, 1024, 0);
			byte[] answer = new byte[60_000];
			connection.queue(answer, answer.length);
			connection.queue(answer, answer.length);
			assertThat(connection.backedUp()).isFalse();
			connection.queue(answer, answer.length);
			assertThat(connection.backedUp()).isTrue();
		}
	}

	@Test
	void knowsAMessageThatIsPartWayIn() throws Exception {
		try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
				SocketChannel channel = SocketChannel.open(server.getLocalAddress());
				SocketChannel accepted = server.accept()) {
			TcpConnection connection = new TcpConnection(accepted, null, 8, 0);
			assertThat(connection.hasPartialMessage()).isFalse();
			channel.write(ByteBuffer.wrap(new byte[] { 0, 3, 1 }));
			while (!connection.hasPartialMessage()) {
				connection.read();
			}
			assertThat(connection.nextMessageLength()).isEqualTo(-1);
			channel.write(ByteBuffer.wrap(new byte[] { 2, 3 }));
			while (connection.nextMessageLength() < 0) {
				connection.read();
			}
			assertThat(connection.hasPartialMessage()).isFalse();
			assertThat(connection.nextMessageLength()).isEqualTo(3);
		}
	}

}
