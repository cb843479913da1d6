package dev.selfdns.server;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.List;

import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import dev.selfdns.Transport;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the listeners bind: an IPv6 address, or every address (IPv4 and IPv6 alike).
 */
class ListenAddressIntegrationTests {

	@ParameterizedTest
	@EnumSource(Transport.class)
	void listensOnAnIpv6Address(Transport transport) {
		TestServers.runner().withPropertyValues("selfdns.listen.address=::1").run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			DnsServer server = context.getBean(DnsServer.class);
			assertThat(server.getUdpAddress().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
			DnsTestClient client = new DnsTestClient(new InetSocketAddress("::1", server.getPort()));
			assertAnswered(transport.exchange(client, query("www.example.com.", Type.A)));
		});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void withoutAnAddressItListensOnEveryAddress(Transport transport) {
		TestServers.runner().withPropertyValues("selfdns.listen.address=").run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			DnsServer server = context.getBean(DnsServer.class);
			assertThat(server.getUdpAddress().getAddress().isAnyLocalAddress()).isTrue();
			for (String address : new String[] { "127.0.0.1", "::1" }) {
				DnsTestClient client = new DnsTestClient(new InetSocketAddress(address, server.getPort()));
				assertAnswered(transport.exchange(client, query("www.example.com.", Type.AAAA)));
			}
		});
	}

	@Test
	void severalUdpThreadsShareThePortAndEachAnswers() throws Exception {
		TestServers.runner().withPropertyValues("selfdns.listen.udp-threads=3").run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			DnsServer server = context.getBean(DnsServer.class);
			assertThat(server.getUdpThreads()).isEqualTo(3);
			assertThat(threadsNamed("selfdns-udp-")).hasSize(3);
			// Each query leaves from a new port, and the kernel hashes ports over the sockets: a
			// socket without a running thread would leave some of them unanswered.
			DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", server.getPort()));
			for (int i = 0; i < 60; i++) {
				assertAnswered(client.udp(query("www.example.com.", Type.A)));
			}
		});
		assertThat(threadsNamed("selfdns-udp-")).isEmpty();
	}

	@Test
	void udpBufferIsWhatIsAskedForOrTheSystemsDefault() throws Exception {
		int systemDefault;
		try (DatagramChannel channel = DatagramChannel.open()) {
			systemDefault = channel.getOption(StandardSocketOptions.SO_RCVBUF);
		}
		TestServers.runner()
			.withPropertyValues("selfdns.listen.udp-buffer-size=0")
			.run((context) -> assertThat(context.getBean(DnsServer.class).getUdpReceiveBufferSize())
				.isEqualTo(systemDefault));
		// Linux grants twice what is asked, up to net.core.rmem_max: never less than asked below that.
		int asked = systemDefault + 64 * 1024;
		TestServers.runner()
			.withPropertyValues("selfdns.listen.udp-buffer-size=" + asked + "B")
			.run((context) -> assertThat(context.getBean(DnsServer.class).getUdpReceiveBufferSize())
				.isGreaterThanOrEqualTo(Math.min(asked, systemDefault * 2)));
	}

	private static List<String> threadsNamed(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith(prefix))
			.toList();
	}

	private static void assertAnswered(Message response) {
		assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(response.getSection(1)).hasSize(1);
	}

}
