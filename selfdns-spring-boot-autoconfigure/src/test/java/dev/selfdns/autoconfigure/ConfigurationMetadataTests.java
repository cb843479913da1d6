package dev.selfdns.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata the build generates, as IDEs and Spring Boot read it from the jar: the annotation
 * processors run (they must be on the processor path: JDK 23 and later ignore processors on the
 * class path), every property a user types has its help text, and defaults are shown.
 */
class ConfigurationMetadataTests {

	@Test
	void everySelfdnsPropertyHasADescription() throws IOException {
		List<Map<String, Object>> properties = properties();
		assertThat(properties).extracting((p) -> p.get("name")).contains("selfdns.zone", "selfdns.gate.health-timeout");
		assertThat(properties).filteredOn((p) -> ((String) p.get("name")).startsWith("selfdns."))
			.allSatisfy((p) -> assertThat((String) p.get("description")).as("%s", p.get("name")).isNotBlank());
	}

	@Test
	void defaultsAreShownWhereTheyAreFixed() throws IOException {
		assertThat(defaultOf("selfdns.shaping.max-drop")).isEqualTo(0);
		assertThat(defaultOf("selfdns.gate.health-timeout")).isEqualTo("1s");
		assertThat(defaultOf("management.health.selfdns.enabled")).isEqualTo(true);
	}

	@Test
	void autoConfigurationConditionsArePrecomputed() throws IOException {
		Properties conditions = new Properties();
		try (InputStream in = new ClassPathResource("META-INF/spring-autoconfigure-metadata.properties")
			.getInputStream()) {
			conditions.load(in);
		}
		assertThat(conditions.stringPropertyNames()).contains(SelfDnsAutoConfiguration.class.getName(),
				SelfDnsEndpointAutoConfiguration.class.getName());
	}

	private static Object defaultOf(String name) throws IOException {
		return properties().stream()
			.filter((p) -> name.equals(p.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no metadata for " + name))
			.get("defaultValue");
	}

	private static List<Map<String, Object>> properties() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return JsonPath.parse(in).read("$.properties");
		}
	}

}
