package dev.selfdns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two zones served by one listener ({@code selfdns.zones}): each zone answers every question
 * byte for byte as a host serving it alone does (so every row of docs/behaviour.md holds for
 * both, as {@code AnswerTableIntegrationTests} shows it for one), over UDP and TCP; names
 * outside both are refused; the most specific of nested zones answers; each zone closes on its
 * own health group while the other answers; a drain closes both.
 */
class SeveralZonesIntegrationTests {

	private static final String[] WWW = { "zone=www.example.com", "name-servers=ns1.www.example.com 192.0.2.1 "
			+ "2001:db8::1,ns2.dns.www.example.com 192.0.2.2,ns3.example.net", "wildcard=false",
			"records[0]=@ TXT \"v=verify123\"" };

	private static final String[] API = { "zone=api.example.org", "addresses=198.51.100.7",
			"name-servers=ns-api.example.net,ns-b.api.example.org 198.51.100.8", "wildcard=true", "ttl=30s",
			"soa.negative-ttl=5s", "records[0]=_acme-challenge CNAME _acme-challenge.acme.example.net." };

	/** Every kind of question of the answer table, for a zone. */
	private static List<Message> questions(String zone) {
		String[] names = { zone, "ns1." + zone, "ns2.dns." + zone, "dns." + zone, "ns-b." + zone, "tenant-7." + zone,
				"a.b." + zone, "x.ns1." + zone, "_selfdns." + zone, "x._selfdns." + zone, "_acme-challenge." + zone,
				zone.toUpperCase() };
		int[] types = { Type.A, Type.AAAA, Type.NS, Type.SOA, Type.TXT, Type.MX, Type.ANY, Type.CNAME, Type.DS };
		List<Message> questions = new ArrayList<>();
		for (String name : names) {
			for (int type : types) {
				questions.add(query(name + ".", type));
			}
		}
		questions.add(query(zone + ".", Type.AXFR));
		Message chaos = Message.newQuery(Record.newRecord(Name.fromConstantString(zone + "."), Type.TXT, DClass.CH));
		questions.add(chaos);
		return questions;
	}

	private static String[] zones(String[]... zones) {
		List<String> properties = new ArrayList<>(List.of("selfdns.addresses=192.0.2.1,2001:db8::1"));
		for (int i = 0; i < zones.length; i++) {
			for (String setting : zones[i]) {
				properties.add("selfdns.zones[" + i + "]." + setting);
			}
		}
		return properties.toArray(String[]::new);
	}

	private static String[] oneZone(String[] zone) {
		List<String> properties = new ArrayList<>(List.of("selfdns.addresses=192.0.2.1,2001:db8::1"));
		Arrays.stream(zone).forEach((setting) -> properties.add("selfdns." + setting));
		return properties.toArray(String[]::new);
	}

	/** A runner without the one-zone settings TestServers gives. */
	private static ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withPropertyValues("selfdns.listen.address=127.0.0.1", "selfdns.listen.port=0",
					"selfdns.shutdown.drain=0s",
					// Hundreds of NXDOMAINs a second from one address are compared answer for answer;
					// what rate limiting does to them is RateLimitIntegrationTests' subject.
					"selfdns.rate-limit.enabled=false")
			.withPropertyValues(properties);
	}

	private static DnsTestClient ready(ConfigurableApplicationContext context) {
		context.getBean(ServingGate.class).applicationReady();
		return TestServers.client(context);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void eachZoneAnswersEveryQuestionAsAHostServingItAlone(Transport transport) {
		runner(zones(WWW, API)).run((both) -> runner(oneZone(WWW)).run((www) -> runner(oneZone(API)).run((api) -> {
			DnsTestClient twoZones = ready(both);
			for (Object[] pair : new Object[][] { { "www.example.com", ready(www) }, { "api.example.org", ready(api) } }) {
				DnsTestClient alone = (DnsTestClient) pair[1];
				for (Message question : questions((String) pair[0])) {
					byte[] expected = transport.exchange(alone, question).toWire();
					byte[] actual = transport.exchange(twoZones, question).toWire();
					assertThat(actual).as("%s", question.getQuestion()).isEqualTo(expected);
				}
			}
			for (String outside : new String[] { "example.com.", "www.example.org.", "example.net.", "." }) {
				Message response = transport.exchange(twoZones, query(outside, Type.A));
				assertThat(response.getRcode()).as(outside).isEqualTo(Rcode.REFUSED);
				assertThat(response.getSection(Section.ANSWER)).isEmpty();
			}
		})));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void theMostSpecificOfNestedZonesAnswers(Transport transport) {
		String[] inner = { "zone=api.www.example.com", "addresses=198.51.100.7", "name-servers=ns-api.example.net" };
		// Listed outer first: the order of the list does not matter, the longest name wins.
		runner(zones(WWW, inner)).withConfiguration(AutoConfigurations.of(
				org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=selfdns")
			.run((context) -> {
				DnsTestClient client = ready(context);
				assertThat(context.getBean(dev.selfdns.actuate.SelfDnsEndpoint.class).status().zones().get(1).parentZone())
					.as("nothing for a parent elsewhere")
					.containsExactly("; delegated by www.example.com., which this host serves: nothing to add elsewhere");
				Message outer = transport.exchange(client, query("www.example.com.", Type.A));
				assertThat(address(outer)).isEqualTo("192.0.2.1");
				Message apex = transport.exchange(client, query("api.www.example.com.", Type.A));
				assertThat(address(apex)).isEqualTo("198.51.100.7");
				Message below = transport.exchange(client, query("x.api.www.example.com.", Type.A));
				assertThat(below.getRcode()).isEqualTo(Rcode.NXDOMAIN);
				assertThat(((SOARecord) below.getSection(Section.AUTHORITY).get(0)).getName())
					.isEqualTo(Name.fromConstantString("api.www.example.com."));
				Message sibling = transport.exchange(client, query("x.www.example.com.", Type.A));
				assertThat(((SOARecord) sibling.getSection(Section.AUTHORITY).get(0)).getName())
					.isEqualTo(Name.fromConstantString("www.example.com."));
				// RFC 4035 section 3.1.4.1: DS at the cut is the parent side's; unsigned, there is none.
				Message ds = transport.exchange(client, query("api.www.example.com.", Type.DS));
				assertThat(ds.getRcode()).isEqualTo(Rcode.NOERROR);
				assertThat(ds.getSection(Section.ANSWER)).isEmpty();
				assertThat(((SOARecord) ds.getSection(Section.AUTHORITY).get(0)).getName())
					.isEqualTo(Name.fromConstantString("www.example.com."));
				Message ns = transport.exchange(client, query("api.www.example.com.", Type.NS));
				assertThat(ns.getHeader().getFlag(org.xbill.DNS.Flags.AA)).as("the child's own NS set").isTrue();
				assertThat(ns.getSection(Section.ANSWER)).singleElement()
					.satisfies((r) -> assertThat(((org.xbill.DNS.NSRecord) r).getTarget())
						.isEqualTo(Name.fromConstantString("ns-api.example.net.")));
				assertThat(context.getBean(dev.selfdns.wire.AnswerTable.class).zone().records().get(
						Name.fromConstantString("api.www.example.com."), Type.NS))
					.as("the outer zone holds the delegation")
					.isNotNull();
			});
	}

	@Test
	void eachZoneClosesOnItsOwnHealthGroupWhileTheOtherAnswers() throws Exception {
		runner(zones(WWW, API))
			.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class))
			.withUserConfiguration(ApiHealthConfiguration.class)
			// Overall health holds both backends: the first zone reads a group without the API's.
			.withPropertyValues("selfdns.gate.poll-interval=100ms", "selfdns.gate.health-group=web",
					"management.endpoint.health.group.web.include=webBackend",
					"selfdns.zones[1].gate.health-group=api", "management.endpoint.health.group.api.include=apiBackend")
			.run((context) -> {
				DnsTestClient client = ready(context);
				Deadline.poll(Duration.ofSeconds(3), () -> rcode(client, "api.example.org."), (r) -> r == Rcode.NOERROR);
				context.getBean("apiStatus", AtomicReference.class).set(Status.DOWN);
				Deadline.poll(Duration.ofSeconds(3), () -> rcode(client, "api.example.org."), (r) -> r == Rcode.REFUSED);
				assertThat(rcode(client, "www.example.com.")).as("the other zone answers").isEqualTo(Rcode.NOERROR);
				assertThat(probe(client, "api.example.org.")).isEqualTo("closed-by-health");
				assertThat(probe(client, "www.example.com.")).isEqualTo("open");
				Health selfdns = context.getBean(dev.selfdns.actuate.SelfDnsHealthIndicator.class).health();
				assertThat(selfdns.getStatus()).as("one zone closed is a healthy host").isEqualTo(Status.UP);
				assertThat(selfdns.getDetails().get("zones")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("api.example.org.", Map.of("answering", false, "reason", "health group 'api' [apiBackend DOWN] is DOWN"))
					.hasEntrySatisfying("www.example.com.",
							(zone) -> assertThat(zone).asInstanceOf(InstanceOfAssertFactories.MAP)
								.containsEntry("answering", true));
				context.getBean("apiStatus", AtomicReference.class).set(Status.UP);
				Deadline.poll(Duration.ofSeconds(3), () -> rcode(client, "api.example.org."), (r) -> r == Rcode.NOERROR);
			});
	}

	@Test
	void aDrainClosesEveryZoneAndResumeOpensThem() {
		runner(zones(WWW, API)).run((context) -> {
			DnsTestClient client = ready(context);
			ServingGate gate = context.getBean(ServingGate.class);
			gate.drain("maintenance");
			assertThat(rcode(client, "www.example.com.")).isEqualTo(Rcode.REFUSED);
			assertThat(rcode(client, "api.example.org.")).isEqualTo(Rcode.REFUSED);
			assertThat(probe(client, "api.example.org.")).isEqualTo("drained");
			gate.resume();
			assertThat(rcode(client, "www.example.com.")).isEqualTo(Rcode.NOERROR);
			assertThat(rcode(client, "api.example.org.")).isEqualTo(Rcode.NOERROR);
			assertThat(context.getBean(DnsServer.class).getPort()).isPositive();
		});
	}

	@Test
	void theEndpointShowsEachZoneWithItsGateAndParentLines() {
		runner(zones(WWW, API))
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=selfdns")
			.run((context) -> {
				ready(context);
				dev.selfdns.actuate.SelfDnsEndpoint endpoint = context.getBean(dev.selfdns.actuate.SelfDnsEndpoint.class);
				var status = endpoint.status();
				assertThat(status.zone()).isEqualTo("www.example.com.");
				assertThat(status.records()).singleElement().asString().contains("v=verify123");
				assertThat(status.zones()).extracting((zone) -> zone.zone())
					.containsExactly("www.example.com.", "api.example.org.");
				var api = status.zones().get(1);
				assertThat(api.answering()).isTrue();
				assertThat(api.addresses()).containsExactly("198.51.100.7");
				assertThat(api.ttl()).isEqualTo(30);
				assertThat(api.records()).singleElement().asString().contains("CNAME");
				assertThat(api.parentZone()).anySatisfy((line) -> assertThat(line).contains("api.example.org.")
					.contains("NS").contains("ns-api.example.net."));
				context.getBean(ServingGate.class).drain("maintenance");
				assertThat(endpoint.status().zones()).allSatisfy((zone) -> assertThat(zone.state()).isEqualTo("drained"));
			});
		runner(oneZone(WWW)).withConfiguration(AutoConfigurations.of(
				org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=selfdns")
			.run((context) -> assertThat(context.getBean(dev.selfdns.actuate.SelfDnsEndpoint.class).status().zones())
				.as("one zone: as before").isNull());
	}

	@Test
	void metricsCountQueriesAndShowTheGateByZoneBesideTheOneZoneMeters() {
		runner(zones(WWW, API))
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class,
					org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration.class,
					org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				DnsTestClient client = ready(context);
				for (int i = 0; i < 3; i++) {
					client.udp(query("api.example.org.", Type.A));
				}
				client.udp(query("www.example.com.", Type.A));
				client.udp(query("example.net.", Type.A));
				var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
				// Counted after the answer is sent: wait for the last one.
				Deadline.poll(Duration.ofSeconds(2),
						() -> registry.get("selfdns.zone.queries").tags("zone", "none", "outcome", "refused")
							.functionCounter()
							.count(),
						(count) -> count == 1.0);
				assertThat(registry.get("selfdns.zone.queries").tags("zone", "api.example.org.", "outcome", "answered")
					.functionCounter()
					.count()).isEqualTo(3.0);
				assertThat(registry.get("selfdns.zone.queries").tags("zone", "www.example.com.", "outcome", "answered")
					.functionCounter()
					.count()).isEqualTo(1.0);
				context.getBean(ServingGate.class).drain(null);
				assertThat(registry.get("selfdns.zone.gate.open").tags("zone", "api.example.org.").gauge().value())
					.isZero();
				assertThat(registry.get("selfdns.zone.gate.state").tags("zone", "api.example.org.", "state", "drained")
					.gauge()
					.value()).isEqualTo(1.0);
				assertThat(registry.get("selfdns.queries").functionCounters()).as("the one-zone meters, as before")
					.allSatisfy((counter) -> assertThat(counter.getId().getTag("zone")).isNull());
			});
	}

	private static String address(Message response) {
		return ((ARecord) response.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
	}

	private static int rcode(DnsTestClient client, String name) throws Exception {
		return client.udp(query(name, Type.A)).getRcode();
	}

	private static String probe(DnsTestClient client, String zone) throws Exception {
		Message response = client.udp(query("_selfdns." + zone, Type.TXT));
		return ((TXTRecord) response.getSection(Section.ANSWER).get(0)).getStrings().get(0);
	}

	@Configuration(proxyBeanMethods = false)
	static class ApiHealthConfiguration {

		@Bean
		AtomicReference<Status> apiStatus() {
			return new AtomicReference<>(Status.UP);
		}

		@Bean
		HealthIndicator webBackend() {
			return () -> Health.up().build();
		}

		@Bean
		HealthIndicator apiBackend(AtomicReference<Status> apiStatus) {
			return () -> Health.status(apiStatus.get()).build();
		}

	}

}
