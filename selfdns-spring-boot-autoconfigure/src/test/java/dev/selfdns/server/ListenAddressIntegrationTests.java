package dev.selfdns.server;

import java.net.InetSocketAddress;

import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import dev.selfdns.Transport;
import dev.selfdns.gate.ServingGate;
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

	private static void assertAnswered(Message response) {
		assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(response.getSection(1)).hasSize(1);
	}

}
