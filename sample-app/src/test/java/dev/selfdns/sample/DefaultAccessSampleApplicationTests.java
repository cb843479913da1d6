package dev.selfdns.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint as an app gets it without the sample's own settings: exposed, but read-only, so
 * even an operator's POST cannot drain the host until access is granted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=none-of-the-samples-settings", "selfdns.zone=www.example.com",
				"selfdns.addresses=127.0.0.1", "selfdns.name-servers=ns1-www.example.com",
				"selfdns.listen.address=127.0.0.1", "selfdns.listen.port=0", "selfdns.shutdown.drain=0s",
				"management.endpoints.web.exposure.include=selfdns", "spring.security.user.name=operator",
				"spring.security.user.roles=OPERATOR",
				"spring.security.user.password=" + DefaultAccessSampleApplicationTests.PASSWORD })
class DefaultAccessSampleApplicationTests {

	static final String PASSWORD = "an-operator's-password";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int httpPort;

	@Test
	void writingIsOffByDefaultEvenForTheOperator() throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString(("operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> drain = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/selfdns"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Basic " + credentials)
			.POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"drain\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(drain.statusCode()).isEqualTo(405);
		HttpResponse<String> read = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/selfdns")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(read.body(), "$.reason")).doesNotStartWith("drained");
	}

}
