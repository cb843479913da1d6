package dev.selfdns.sample;

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zone series the shipped alerts and dashboard name ({@code selfdns_zone_*}) are exported by
 * the sample serving two zones.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "selfdns.listen.port=0", "selfdns.zone=", "selfdns.name-servers=", "selfdns.own-name-server=",
				"selfdns.zones[0].zone=www.example.com", "selfdns.zones[0].name-servers=ns1.www.example.com 127.0.0.1",
				"selfdns.zones[1].zone=api.example.com",
				"selfdns.zones[1].name-servers=ns1.api.example.com 127.0.0.1,ns2.api.example.com 127.0.0.2" })
class MonitoringFilesSeveralZonesSampleApplicationTests {

	@LocalServerPort
	private int httpPort;

	@Test
	void everyZoneSeriesTheAlertsAndTheDashboardNameIsExported() throws Exception {
		Set<String> named = MonitoringFilesSampleApplicationTests.named();
		named.removeIf((series) -> !series.startsWith("selfdns_zone_"));
		assertThat(named).as("zone series named").contains("selfdns_zone_gate_open", "selfdns_zone_gate_state",
				"selfdns_zone_peers", "selfdns_zone_queries_total");
		MonitoringFilesSampleApplicationTests.assertExported(this.httpPort, named);
	}

}
