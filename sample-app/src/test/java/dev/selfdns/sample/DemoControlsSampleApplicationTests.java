package dev.selfdns.sample;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.shaping.LoadShaper;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo controls steer the real gate and shaper over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "selfdns.listen.port=0", "sample.demo.enabled=true", "selfdns.gate.poll-interval=200ms",
				"selfdns.shaping.signals[0].meter=demo.load", "selfdns.shaping.signals[0].low=0",
				"selfdns.shaping.signals[0].high=1", "selfdns.shaping.smoothing=0", "selfdns.shaping.hysteresis=0",
				"selfdns.shaping.sample-interval=100ms" })
class DemoControlsSampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int httpPort;

	@Value("${local.selfdns.port}")
	private int dnsPort;

	@Autowired
	private LoadShaper shaper;

	@Test
	void healthControlClosesAndReopensTheGate() throws Exception {
		DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", this.dnsPort));
		Deadline.poll(Duration.ofSeconds(5), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.NOERROR);
		assertThat(put("/demo/health?status=DOWN").statusCode()).isEqualTo(200);
		Deadline.poll(Duration.ofSeconds(2), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.REFUSED);
		put("/demo/health?status=UP");
		Deadline.poll(Duration.ofSeconds(2), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.NOERROR);
		assertThat(put("/demo/health?status=SIDEWAYS").statusCode()).isEqualTo(400);
	}

	@Test
	void loadControlDrivesTheShapingScore() throws Exception {
		put("/demo/load?value=0.7");
		Deadline.poll(Duration.ofSeconds(3), () -> this.shaper.state().score(), (score) -> score == 0.7);
		assertThat(put("/demo/load?value=lots").statusCode()).isEqualTo(400);
		put("/demo/load?value=0");
		Deadline.poll(Duration.ofSeconds(3), () -> this.shaper.state().score(), (score) -> score == 0);
	}

	private HttpResponse<String> put(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
