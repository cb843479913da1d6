package dev.selfdns.sample;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator does with curl and dig, against the running sample app over real HTTP and
 * DNS: read the state, drain and resume, watch counters, health and metrics.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "selfdns.listen.port=0",
		"selfdns.shaping.enabled=true", "spring.security.user.password=" + OperationsSampleApplicationTests.PASSWORD })
class OperationsSampleApplicationTests {

	static final String PASSWORD = "an-operator's-password";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int httpPort;

	@Value("${local.selfdns.port}")
	private int dnsPort;

	@Test
	void endpointShowsStateZoneListenersShapingCountersAndParentZoneLines() throws Exception {
		awaitAnswering();
		String json = get("/actuator/selfdns").body();
		assertThat((Boolean) JsonPath.read(json, "$.answering")).isTrue();
		assertThat((String) JsonPath.read(json, "$.reason")).isEqualTo("answering");
		assertThat((String) JsonPath.read(json, "$.state")).isEqualTo("open");
		assertThat((String) JsonPath.read(json, "$.whenClosed")).isEqualTo("refused");
		assertThat((String) JsonPath.read(json, "$.zone")).isEqualTo("www.example.com.");
		assertThat((List<String>) JsonPath.read(json, "$.addresses")).containsExactly("127.0.0.1", "::1");
		assertThat((List<String>) JsonPath.read(json, "$.nameServers")).containsExactly("ns1-www.example.com.",
				"ns2-www.example.com.");
		assertThat((Integer) JsonPath.read(json, "$.ttl")).isEqualTo(10);
		assertThat((List<String>) JsonPath.read(json, "$.listeners[*].address"))
			.containsExactly("127.0.0.1:" + this.dnsPort, "127.0.0.1:" + this.dnsPort);
		assertThat((List<String>) JsonPath.read(json, "$.listeners[*].transport")).containsExactly("udp", "tcp");
		assertThat((String) JsonPath.read(json, "$.shaping.mode")).isEqualTo("share");
		assertThat((String) JsonPath.read(json, "$.shaping.signals[0].meter")).isEqualTo("process.cpu.usage");
		assertThat((Integer) JsonPath.read(json, "$.counters.total.queries")).isPositive();
		assertThat((List<String>) JsonPath.read(json, "$.parentZone")).contains(
				"www.example.com. 10 IN NS ns1-www.example.com.", "www.example.com. 10 IN NS ns2-www.example.com.",
				"ns1-www.example.com. 10 IN AAAA ::1");
	}

	@Test
	void drainStopsAnswersWithinASecondAndResumeRestoresThem() throws Exception {
		DnsTestClient client = awaitAnswering();
		HttpResponse<String> drained = post("/actuator/selfdns", "{\"action\":\"drain\",\"note\":\"kernel update\"}");
		assertThat(drained.statusCode()).isEqualTo(200);
		assertThat((Boolean) JsonPath.read(drained.body(), "$.answering")).isFalse();
		assertThat((String) JsonPath.read(drained.body(), "$.reason")).isEqualTo("drained by an operator: kernel update");
		Deadline.poll(Duration.ofSeconds(1), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.REFUSED);
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		HttpResponse<String> resumed = post("/actuator/selfdns", "{\"action\":\"resume\"}");
		assertThat((Boolean) JsonPath.read(resumed.body(), "$.answering")).isTrue();
		Deadline.poll(Duration.ofSeconds(1), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.NOERROR);
	}

	@Test
	void aBadRequestSaysWhyAndChangesNothing() throws Exception {
		awaitAnswering();
		HttpResponse<String> unknown = post("/actuator/selfdns", "{\"action\":\"reboot\"}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat((String) JsonPath.read(unknown.body(), "$.detail"))
			.isEqualTo("Unknown action 'reboot': use 'drain' or 'resume'");
		assertThat((Integer) JsonPath.read(unknown.body(), "$.status")).isEqualTo(400);
		HttpResponse<String> missing = post("/actuator/selfdns", "{\"note\":\"kernel update\"}");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat((String) JsonPath.read(missing.body(), "$.detail")).startsWith("Missing 'action'");
		HttpResponse<String> malformed = post("/actuator/selfdns", "{\"action\":");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat((String) JsonPath.read(malformed.body(), "$.detail")).isNotBlank();
		assertThat((Boolean) JsonPath.read(get("/actuator/selfdns").body(), "$.answering")).isTrue();
	}

	@Test
	void countersAndMetricsMoveWithRealQueries() throws Exception {
		DnsTestClient client = awaitAnswering();
		int before = JsonPath.read(get("/actuator/selfdns").body(), "$.counters.udp.answered");
		int nxBefore = JsonPath.read(get("/actuator/selfdns").body(), "$.counters.tcp.nxdomain");
		for (int i = 0; i < 5; i++) {
			client.udp(query("www.example.com.", Type.AAAA));
		}
		client.tcp(query("nothing.www.example.com.", Type.A));
		String json = get("/actuator/selfdns").body();
		assertThat((Integer) JsonPath.read(json, "$.counters.udp.answered")).isEqualTo(before + 5);
		assertThat((Integer) JsonPath.read(json, "$.counters.tcp.nxdomain")).isEqualTo(nxBefore + 1);
		String metric = get("/actuator/metrics/selfdns.queries?tag=transport:udp&tag=type:AAAA&tag=outcome:answered")
			.body();
		assertThat((Double) JsonPath.read(metric, "$.measurements[0].value")).isGreaterThanOrEqualTo(5.0);
		assertThat((List<String>) JsonPath.read(metric, "$.availableTags[*].tag")).isEmpty();
		String prometheus = get("/actuator/prometheus").body();
		assertThat(prometheus).containsPattern("selfdns_queries_total\\{outcome=\"answered\",transport=\"udp\",type=\"AAAA\"\\}")
			.contains("selfdns_gate_open 1.0")
			.contains("selfdns_shaping_score")
			.containsPattern("selfdns_tcp_closed_connections_total\\{reason=\"slow\"\\}");
	}

	@Test
	void drainWithoutAnOperatorsCredentialsIsRejectedAndChangesNothing() throws Exception {
		DnsTestClient client = awaitAnswering();
		HttpResponse<String> anonymous = post("/actuator/selfdns", "{\"action\":\"drain\"}", null, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Basic"));
		HttpResponse<String> wrongPassword = post("/actuator/selfdns", "{\"action\":\"drain\"}", "operator",
				"guess");
		assertThat(wrongPassword.statusCode()).isEqualTo(401);
		assertThat(client.udp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
		// Reading stays open: the same endpoint, health and metrics without credentials.
		HttpResponse<String> state = get("/actuator/selfdns");
		assertThat(state.statusCode()).isEqualTo(200);
		assertThat((Boolean) JsonPath.read(state.body(), "$.answering")).isTrue();
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
		assertThat(get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void healthHasASelfdnsComponent() throws Exception {
		awaitAnswering();
		String json = get("/actuator/health").body();
		assertThat((String) JsonPath.read(json, "$.components.selfdns.status")).isEqualTo("UP");
		assertThat((Boolean) JsonPath.read(json, "$.components.selfdns.details.answering")).isTrue();
		assertThat((String) JsonPath.read(json, "$.components.selfdns.details.udp"))
			.isEqualTo("127.0.0.1:" + this.dnsPort);
	}

	private DnsTestClient awaitAnswering() throws Exception {
		DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", this.dnsPort));
		Deadline.poll(Duration.ofSeconds(5), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.NOERROR);
		return client;
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String json) throws Exception {
		return post(path, json, "operator", PASSWORD);
	}

	private HttpResponse<String> post(String path, String json, String user, String password) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (user != null) {
			String credentials = user + ":" + password;
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.httpPort + path);
	}

}
