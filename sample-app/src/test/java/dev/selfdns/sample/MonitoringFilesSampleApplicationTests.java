package dev.selfdns.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Prometheus alerts and Grafana dashboard name only series the app exports: each
 * {@code selfdns_*} name in their expressions is in the sample's {@code /actuator/prometheus}.
 * (A documented alert once named {@code selfdns_shaping_score}, which does not exist.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "selfdns.listen.port=0", "selfdns.shaping.enabled=true" })
class MonitoringFilesSampleApplicationTests {

	private static final Path OPS = Path.of("..", "ops");

	private static final Pattern SERIES = Pattern.compile("\\bselfdns_[a-z_]+\\b");

	@LocalServerPort
	private int httpPort;

	/** The one-zone series; the zone series are the several-zones sample's (its own test). */
	@Test
	void everySeriesTheAlertsAndTheDashboardNameIsExported() throws Exception {
		Set<String> named = named();
		named.removeIf((series) -> series.startsWith("selfdns_zone_"));
		assertThat(named).as("series named").hasSizeGreaterThan(5).contains("selfdns_peers");
		assertExported(this.httpPort, named);
	}

	static Set<String> named() throws Exception {
		Set<String> named = new TreeSet<>();
		named.addAll(seriesIn(alertExpressions()));
		named.addAll(seriesIn(JsonPath.read(Files.readString(OPS.resolve("grafana/selfdns-dashboard.json")),
				"$.panels[*].targets[*].expr")));
		return named;
	}

	static void assertExported(int httpPort, Set<String> named) throws Exception {
		String exported = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		for (String series : named) {
			assertThat(exported).as("exported series " + series).containsPattern("(?m)^" + series + "[{ ]");
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> alertExpressions() throws Exception {
		Map<String, Object> rules = new Yaml().load(Files.readString(OPS.resolve("prometheus/selfdns-rules.yml")));
		List<Map<String, Object>> groups = (List<Map<String, Object>>) rules.get("groups");
		return groups.stream()
			.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
			.map((rule) -> (String) rule.get("expr"))
			.toList();
	}

	private static Set<String> seriesIn(List<String> expressions) {
		Set<String> series = new TreeSet<>();
		for (String expression : expressions) {
			Matcher matcher = SERIES.matcher(expression);
			while (matcher.find()) {
				series.add(matcher.group());
			}
		}
		return series;
	}

}
