package dev.selfdns.sample;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.selfdns.DnsTestClient;
import dev.selfdns.gate.GateReason;
import dev.selfdns.gate.ServingGate;
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
 * A disk-space threshold no disk can meet makes health DOWN: the sample never answers with
 * its address, only REFUSED, so resolvers ask the other hosts.
 */
@SpringBootTest(properties = { "selfdns.listen.port=0", "management.health.diskspace.threshold=1000TB" })
class DiskFullSampleApplicationTests {

	@Value("${local.selfdns.port}")
	private int dnsPort;

	@Autowired
	private ServingGate gate;

	@Test
	void aHostWhoseHealthIsDownRefusesInsteadOfAnswering() throws Exception {
		DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", this.dnsPort));
		// Several polls' worth of queries: none of them is ever answered with an address.
		long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		int queries = 0;
		while (System.nanoTime() < end) {
			Message response = client.udp(query("www.example.com.", Type.A));
			assertThat(response.getRcode()).isEqualTo(Rcode.REFUSED);
			queries++;
			Thread.sleep(50);
		}
		assertThat(queries).isGreaterThan(10);
		assertThat(this.gate.state().reason()).isEqualTo(GateReason.HEALTH);
		assertThat(this.gate.state().detail()).contains("diskSpace DOWN");
	}

}
