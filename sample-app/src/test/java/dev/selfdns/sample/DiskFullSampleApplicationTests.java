package dev.selfdns.sample;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.selfdns.DnsTestClient;
import dev.selfdns.actuate.SelfDnsEndpoint;
import dev.selfdns.gate.GateReason;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk-space threshold no disk can meet makes health DOWN: the sample, as shipped, never
 * answers with its address, only REFUSED (saying why), so resolvers ask the other hosts. It holds
 * for a minute, four times {@code selfdns.gate.fail-open.after} and longer than every other timer:
 * the sample's peer ({@code ns2-www.example.com}) resolves nowhere, and a host that hears no peer
 * does not take that silence for a shared outage.
 */
@SpringBootTest(properties = { "selfdns.listen.port=0", "management.health.diskspace.threshold=1000TB" })
class DiskFullSampleApplicationTests {

	@Value("${local.selfdns.port}")
	private int dnsPort;

	@Autowired
	private ServingGate gate;

	@Autowired
	private SelfDnsEndpoint endpoint;

	@Test
	void aHostWhoseHealthIsDownRefusesForAsLongAsItIsDown() throws Exception {
		DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", this.dnsPort));
		// A minute of queries, four times fail-open.after: none of them is ever answered with an address.
		long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		int queries = 0;
		while (System.nanoTime() < end) {
			Message query = query("www.example.com.", Type.A);
			query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
			Message response = client.udp(query);
			assertThat(response.getRcode()).as("query %d", queries).isEqualTo(Rcode.REFUSED);
			queries++;
			Thread.sleep(250);
		}
		assertThat(queries).isGreaterThan(200);
		assertThat(this.gate.state().reason()).isEqualTo(GateReason.HEALTH);
		assertThat(this.gate.state().detail()).contains("diskSpace DOWN");
		SelfDnsEndpoint.PeerDescriptor peer = this.endpoint.status().peers().get(0);
		assertThat(peer.nameServer()).isEqualTo("ns2-www.example.com.");
		assertThat(peer.condition()).isEqualTo("unresolved");
		assertThat(peer.unresolved()).startsWith("unresolved: ");
	}

}
