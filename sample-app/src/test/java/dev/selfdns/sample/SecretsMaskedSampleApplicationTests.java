package dev.selfdns.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app that shows every value in its {@code env} and {@code configprops} endpoints still never
 * shows selfdns's secrets: the cookie secret, the TSIG secret, a DNSSEC private key.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "selfdns.listen.port=0", "management.endpoints.web.exposure.include=env,configprops",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"selfdns.cookies.secret=" + SecretsMaskedSampleApplicationTests.COOKIE,
				"selfdns.registration.key.secret=" + SecretsMaskedSampleApplicationTests.TSIG,
				"selfdns.dnssec.keys[0].private-key=" + SecretsMaskedSampleApplicationTests.KEY,
				"spring.security.user.password=" + SecretsMaskedSampleApplicationTests.PASSWORD })
class SecretsMaskedSampleApplicationTests {

	static final String COOKIE = "e5e973e5a6b2a43f48e7dc849e37bfc0";

	static final String TSIG = "3WC+AuqQAvo9LLNNgcd2jZg1UqxDlfIV5J296ErezhA=";

	static final String KEY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNotARealKey";

	static final String PASSWORD = "an-operator's-password";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int httpPort;

	@Test
	void theEndpointsShowValuesButNeverSelfdnsSecrets() throws Exception {
		String env = get("/actuator/env");
		String configprops = get("/actuator/configprops");
		assertThat(env).contains("www.example.com").contains("selfdns.cookies.secret");
		assertThat(configprops).contains("\"tcpMaxConnectionsPerNetwork\":64");
		for (String shown : new String[] { env, configprops }) {
			assertThat(shown).doesNotContain(COOKIE).doesNotContain(TSIG).doesNotContain(KEY);
		}
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.httpPort + path))
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(("operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
