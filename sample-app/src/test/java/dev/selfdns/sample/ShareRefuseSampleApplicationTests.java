package dev.selfdns.sample;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;

import dev.selfdns.Deadline;
import dev.selfdns.shaping.LoadShaper;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Share mode with REFUSED for shed resolvers, at full load: every source network is refused.
 */
@SpringBootTest(properties = { "selfdns.listen.port=0", "selfdns.shaping.mode=share",
		"selfdns.shaping.shed-action=refuse", "selfdns.shaping.signals[0].meter=jvm.threads.live",
		"selfdns.shaping.signals[0].low=1", "selfdns.shaping.signals[0].high=2" })
class ShareRefuseSampleApplicationTests {

	@Value("${local.selfdns.port}")
	private int dnsPort;

	@Autowired
	private LoadShaper shaper;

	@Test
	void atFullLoadEverySourceNetworkIsRefused() throws Exception {
		Deadline.poll(Duration.ofSeconds(20), () -> this.shaper.state().shedShare(), (share) -> share == 1.0);
		for (int network = 1; network <= 50; network++) {
			try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0." + network + ".1", 0))) {
				socket.setSoTimeout(5000);
				byte[] wire = query("www.example.com.", Type.A).toWire();
				socket.send(new DatagramPacket(wire, wire.length, new InetSocketAddress("127.0.0.1", this.dnsPort)));
				DatagramPacket packet = new DatagramPacket(new byte[512], 512);
				socket.receive(packet);
				assertThat(new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength())).getRcode())
					.as("network 127.0.%d.0/24", network)
					.isEqualTo(Rcode.REFUSED);
			}
		}
	}

}
