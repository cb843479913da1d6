package dev.selfdns.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.selfdns.server.DnsServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code selfdns.enabled=false} the app runs as it would without the starter (the
 * benchmarks compare the two).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "selfdns.enabled=false")
class SelfDnsDisabledSampleApplicationTests {

	@LocalServerPort
	private int httpPort;

	@Autowired
	private ApplicationContext context;

	@Test
	void servesWithoutAnsweringDns() throws Exception {
		assertThat(this.context.getBeanNamesForType(DnsServer.class)).isEmpty();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("does not answer DNS");
	}

}
