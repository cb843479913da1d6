package dev.selfdns.sample;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.test.SelfDnsAssertions;
import dev.selfdns.test.SelfDnsTestClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app as a whole: the web app serves, its name server answers with the host's
 * addresses, and a health indicator going DOWN stops the answers within one poll interval.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "selfdns.listen.port=0", "selfdns.gate.poll-interval=500ms" })
class SampleApplicationTests {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	@LocalServerPort
	private int httpPort;

	@Value("${local.selfdns.port}")
	private int dnsPort;

	@Autowired
	private AtomicReference<Status> maintenanceStatus;

	@Autowired
	private ServingGate gate;

	@Autowired
	private ApplicationContext context;

	@Test
	void nameServerAnswersWithTheHostsAddresses() throws Exception {
		// The supported test support, as an app's own tests would use it.
		SelfDnsTestClient dns = SelfDnsTestClient.of(this.context).awaitAnswering();
		SelfDnsAssertions.assertThat(dns.udp("www.example.com", Type.A)).isAuthoritative().answersWith("127.0.0.1");
		SelfDnsAssertions.assertThat(dns.tcp("www.example.com", Type.AAAA)).isAuthoritative().answersWith("::1");
		DnsTestClient client = client();
		Message ns = client.udp(query("www.example.com.", Type.NS));
		assertThat(ns.getSection(Section.ANSWER)).map(Record::rdataToString)
			.containsExactly("ns1-www.example.com.", "ns2-www.example.com.");
	}

	@Test
	void homePageSaysWhichHostServed() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("Served by ").contains("www.example.com.").contains("[127.0.0.1, ::1]");
	}

	@Test
	void healthDownStopsTheAnswersWithinOnePollIntervalAndUpBringsThemBack() throws Exception {
		DnsTestClient client = client();
		Deadline.poll(Duration.ofSeconds(5), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.NOERROR);
		this.maintenanceStatus.set(Status.DOWN);
		long start = System.nanoTime();
		Deadline.poll(POLL_INTERVAL.multipliedBy(4), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.REFUSED);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(POLL_INTERVAL.plusMillis(300));
		assertThat(this.gate.state().detail()).contains("maintenance DOWN");
		this.maintenanceStatus.set(Status.UP);
		Deadline.poll(POLL_INTERVAL.multipliedBy(4), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.NOERROR);
	}

	private DnsTestClient client() {
		return new DnsTestClient(new InetSocketAddress("127.0.0.1", this.dnsPort));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class MaintenanceSwitch {

		@Bean
		AtomicReference<Status> maintenanceStatus() {
			return new AtomicReference<>(Status.UP);
		}

		@Bean
		HealthIndicator maintenance(AtomicReference<Status> maintenanceStatus) {
			return () -> Health.status(maintenanceStatus.get()).build();
		}

	}

}
