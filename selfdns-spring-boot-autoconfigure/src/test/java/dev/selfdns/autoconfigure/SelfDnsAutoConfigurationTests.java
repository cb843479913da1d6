package dev.selfdns.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import java.time.Duration;

import dev.selfdns.TestServers;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.server.ListenerSettings;
import dev.selfdns.server.TcpLimits;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.wire.ResponseWriter;
import dev.selfdns.actuate.SelfDnsEndpoint;
import dev.selfdns.actuate.SelfDnsHealthIndicator;
import dev.selfdns.gate.HealthCheck;
import dev.selfdns.gate.HealthPoller;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;
import dev.selfdns.server.DnsServerBindException;
import dev.selfdns.server.DelayedAnswers;
import dev.selfdns.shaping.LoadSampler;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.shaping.ShapingMode;
import dev.selfdns.shaping.ShedAction;
import dev.selfdns.query.QueryHandler;
import dev.selfdns.zone.ServiceZone;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfDnsAutoConfiguration}.
 */
class SelfDnsAutoConfigurationTests {

	private final ApplicationContextRunner runner = TestServers.runner();

	private final ApplicationContextRunner withMetrics = this.runner.withConfiguration(AutoConfigurations.of(
			MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class));

	@Test
	void defaultsStartTheNameServerOnBothTransports() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ServiceZone.class)
				.hasSingleBean(ServingGate.class)
				.hasSingleBean(QueryHandler.class)
				.hasSingleBean(DnsServer.class);
			DnsServer server = context.getBean(DnsServer.class);
			assertThat(server.isRunning()).isTrue();
			assertThat(server.getUdpAddress().getPort()).isEqualTo(server.getTcpAddress().getPort()).isPositive();
			SelfDnsProperties properties = context.getBean(SelfDnsProperties.class);
			assertThat(properties.getTtl()).hasSeconds(10);
			assertThat(properties.getGate().getWhenClosed().name()).isEqualTo("REFUSED");
			assertThat(properties.getEdns().getUdpPayloadSize()).isEqualTo(1232);
			assertThat(context.getBean(ServiceZone.class).soa().getSerial()).isPositive();
		});
	}

	@Test
	void enabledFalseTurnsEverythingOff() {
		this.runner.withPropertyValues("selfdns.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DnsServer.class)
				.doesNotHaveBean(ServingGate.class)
				.doesNotHaveBean(ServiceZone.class));
	}

	@Test
	void withSelfDnsDisabledNoOtherPropertyIsRequired() {
		new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withPropertyValues("selfdns.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DnsServer.class));
	}

	@Test
	void userDefinedZoneWins() {
		this.runner.withUserConfiguration(UserZoneConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ServiceZone.class);
			assertThat(context.getBean(ServiceZone.class).origin()).hasToString("api.example.net.");
		});
	}

	@Test
	void theUsersServerBeansWin() {
		this.runner.withUserConfiguration(UserServerConfiguration.class).run((context) -> {
			assertThat(context.getBeanNamesForType(ServiceZone.class)).containsExactly("myZone");
			assertThat(context.getBeanNamesForType(AnswerTable.class)).containsExactly("myAnswers");
			assertThat(context.getBeanNamesForType(QueryHandler.class)).containsExactly("myHandler");
			assertThat(context.getBeanNamesForType(QueryCounters.class)).containsExactly("myCounters");
			assertThat(context.getBeanNamesForType(DnsServer.class)).containsExactly("myServer");
			assertThat(context.getBean(DnsServer.class).isRunning()).isTrue();
		});
	}

	@Test
	void withoutActuatorOrMicrometerTheServerAnswers() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
				"org.springframework.boot.health", "io.micrometer"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DnsServer.class);
				context.getBean(ServingGate.class).applicationReady();
				org.xbill.DNS.Message answer = TestServers.client(context)
					.udp(dev.selfdns.DnsTestClient.query("www.example.com.", org.xbill.DNS.Type.A));
				assertThat(answer.getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
			});
	}

	@Test
	void userDefinedGateWins() {
		this.runner.withUserConfiguration(UserGateConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ServingGate.class);
			assertThat(context.getBean(ServingGate.class)).isSameAs(context.getBean("myGate"));
		});
	}

	@Test
	void healthIsReadWhenActuatorHealthIsPresent() {
		this.runner
			.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(HealthCheck.class).hasSingleBean(HealthPoller.class));
	}

	@Test
	void withoutSpringBootHealthOnlyReadinessGatesAnswers() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthContributorRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(HealthCheck.class).doesNotHaveBean(HealthPoller.class);
			ServingGate gate = context.getBean(ServingGate.class);
			gate.applicationReady();
			assertThat(gate.isOpen()).isTrue();
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			selfdns.zone               | ''                                   | service subdomain
			selfdns.zone               | www..example.com                     | not a domain name
			selfdns.zone               | www.exa mple.com                     | not a host name label
			selfdns.zone               | .                                    | root zone
			selfdns.addresses          | ''                                   | public IPv4
			selfdns.addresses          | my-host.example.com                  | not host names
			selfdns.addresses          | 192.0.2.300                          | IP literals
			selfdns.addresses          | 0.0.0.0                              | wildcard
			selfdns.addresses          | '192.0.2.1,192.0.2.1'                | listed twice
			selfdns.name-servers       | ''                                   | every host
			selfdns.name-servers       | ns1.www.example.com                  | is inside the zone
			selfdns.name-servers       | ns1.example.net 192.0.2.1            | only for name servers inside
			selfdns.name-servers       | www.example.com                      | like the zone itself
			selfdns.name-servers       | 'ns1.example.net,NS1.example.net'    | listed twice
			selfdns.name-servers       | _selfdns.www.example.com 192.0.2.1   | selfdns' own
			selfdns.ttl                | -5s                                  | cannot be negative
			selfdns.ttl                | 1500ms                               | whole seconds
			selfdns.soa.serial         | 4294967296                           | from 0 to 4294967295
			selfdns.listen.port        | 70000                                | from 0 to 65535
			selfdns.listen.address     | localhost                            | not host names
			selfdns.listen.tcp-max-connections | 0                            | at least 1
			selfdns.listen.tcp-max-connections-per-client | 0                 | at least 1
			selfdns.listen.tcp-max-queries-in-flight | 0                      | from 1 to 1024
			selfdns.listen.tcp-max-queries-in-flight | 5000                   | from 1 to 1024
			selfdns.listen.tcp-message-timeout | 0s                           | longer than zero
			selfdns.listen.tcp-idle-timeout | -1s                             | longer than zero
			selfdns.listen.udp-threads | 0                                    | from 1 to 64
			selfdns.listen.udp-threads | 65                                   | from 1 to 64
			selfdns.listen.udp-buffer-size | 100MB                            | from 0
			selfdns.nsid               | hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh | bytes of text
			selfdns.cookies.secret     | e5e973e5a6b2a43f                     | 32 hex digits
			selfdns.cookies.secret     | not-hex-not-hex-not-hex-not-hex-     | 32 hex digits
			selfdns.edns.udp-payload-size | 100                               | from 512 to 4096
			selfdns.gate.poll-interval | 0s                                   | longer than zero
			selfdns.gate.health-timeout | 0s                                  | longer than zero
			selfdns.shutdown.drain     | -1s                                  | cannot be negative
			selfdns.own-name-server    | ns9.example.net                      | one of selfdns.name-servers
			""")
	void invalidValuesFailStartupNamingThePropertyAndTheFix(String property, String value, String hint) {
		this.runner.withPropertyValues(property + "=" + value)
			.run((context) -> assertFailsNaming(context, property, hint));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			selfdns.zone                     | zone=www.example.com                                  | move selfdns.zone into
			selfdns.name-servers             | name-servers=ns1.example.net                          | selfdns.zones[0].name-servers
			selfdns.wildcard                 | wildcard=true                                         | selfdns.zones replaces
			selfdns.records                  | records[0]=@ TXT "x"                                  | selfdns.zones replaces
			selfdns.zones[2].zone            | zones[1].zone=api.example.org;zones[1].name-servers=ns1.example.net;zones[2].zone=API.example.org;zones[2].name-servers=ns1.example.net | listed twice
			selfdns.zones[1].zone            | zones[1].name-servers=ns1.example.net                 | service subdomain
			selfdns.zones[1].zone            | zones[1].zone=bad..name;zones[1].name-servers=ns1.example.net | not a domain name
			selfdns.zones[1].name-servers    | zones[1].zone=api.example.org                         | every host
			selfdns.zones[1].name-servers    | zones[1].zone=api.example.org;zones[1].name-servers=ns1.api.example.org | is inside the zone
			selfdns.zones[1].records[0]      | zones[1].zone=api.example.org;zones[1].name-servers=ns1.example.net;zones[1].records[0]=@ A 192.0.2.9 | its own addresses
			selfdns.zones[1].ttl             | zones[1].zone=api.example.org;zones[1].name-servers=ns1.example.net;zones[1].ttl=1500ms | whole seconds
			selfdns.zones[1].addresses       | zones[1].zone=api.example.org;zones[1].name-servers=ns1.example.net;zones[1].addresses=0.0.0.0 | wildcard
			selfdns.zones[1].registration.name-server | zones[1].zone=api.example.org;zones[1].name-servers=ns1.example.net;zones[1].registration.name-server=bad..name | not a domain name
			selfdns.zones[1].registration.zone | zones[1].zone=api.example.org;zones[1].name-servers=ns1.example.net;zones[1].registration.zone=bad..name | not a domain name
			selfdns.zones[1].registration.key.algorithm | zones[1].zone=api.example.org;zones[1].name-servers=ns1.example.net;zones[1].registration.key.algorithm=hmac-md5 | use hmac-sha256
			selfdns.zones[1].registration.key.secret | zones[1].zone=api.example.org;zones[1].name-servers=ns1.example.net;zones[1].registration.key.secret=c2hvcnQ= | at least
			selfdns.zones[1].name-servers    | zones[1].zone=api.www.example.com;zones[1].own-name-server=ns1.example.net;peers.source=parent;peers.servers=127.0.0.1;zones[0].own-name-server=ns1.example.net | delegated by www.example.com.
			selfdns.zones[0].records[0]      | zones[0].records[0]=x.api TXT "hidden";zones[1].zone=api.www.example.com;zones[1].name-servers=ns1.example.net | a zone of its own served here
			selfdns.zones[1].peers.servers   | zones[0].registration.server=127.0.0.1;zones[1].zone=api.example.org;zones[1].name-servers=ns1.example.net;peers.source=parent | zones[1].peers.servers or .registration.server
			selfdns.zones[1].name-servers    | zones[1].zone=api.example.org;peers.source=parent;peers.servers=127.0.0.1 | selfdns.zones[1].registration.name-server
			""")
	void wrongZonesFailStartupNamingTheSetting(String property, String values, String hint) {
		List<String> properties = new ArrayList<>(List.of("selfdns.addresses=192.0.2.1",
				"selfdns.listen.address=127.0.0.1", "selfdns.listen.port=0", "selfdns.zones[0].zone=www.example.com",
				"selfdns.zones[0].name-servers=ns1.example.net"));
		java.util.Arrays.stream(values.split(";")).forEach((value) -> properties.add("selfdns." + value));
		new ApplicationContextRunner().withConfiguration(TestServers.SELFDNS)
			.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> assertFailsNaming(context, property, hint));
	}

	@Test
	void aZoneEntryWithAHealthGroupThatDoesNotExistFailsStartupNamingIt() {
		new ApplicationContextRunner()
			.withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration.class,
					org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration.class))
			.withPropertyValues("selfdns.addresses=192.0.2.1", "selfdns.listen.address=127.0.0.1",
					"selfdns.listen.port=0", "selfdns.zones[0].zone=www.example.com",
					"selfdns.zones[0].name-servers=ns1.example.net", "selfdns.zones[1].zone=api.example.org",
					"selfdns.zones[1].name-servers=ns1.example.net", "selfdns.zones[1].gate.health-group=nope")
			.run((context) -> assertFailsNaming(context, "selfdns.zones[1].gate.health-group", "no health group 'nope'"));
	}

	@ParameterizedTest(name = "{0} / {1}")
	@CsvSource(delimiter = '|', textBlock = """
			'@ A 192.0.2.9'                    | -                         | 0 | its own addresses
			'@ AAAA 2001:db8::9'               | -                         | 0 | its own addresses
			'@ NS ns9.example.net.'            | -                         | 0 | selfdns.name-servers
			'@ SOA a. b. 1 2 3 4 5'            | -                         | 0 | selfdns.soa
			'@ DNSKEY 257 3 13 AAAA'           | -                         | 0 | selfdns.dnssec.keys
			'@ CNAME elsewhere.example.net.'   | -                         | 0 | cannot be a CNAME
			'sub NS ns.example.net.'           | -                         | 0 | no zone cuts
			'sub DS 1 13 2 8FC4FAE40A95F0DD3F0D49BEC3A6A29E0E8BD166BED4522F0C3435CB0A390786' | - | 0 | no zone cuts
			'sub DNAME elsewhere.example.net.' | -                         | 0 | no zone cuts
			'www.example.org. TXT "x"'         | -                         | 0 | outside the zone
			'* TXT "x"'                        | -                         | 0 | selfdns.wildcard
			'*.sub TXT "x"'                    | -                         | 0 | selfdns.wildcard
			'_selfdns TXT "x"'                 | -                         | 0 | selfdns' own
			'x._selfdns TXT "x"'               | -                         | 0 | selfdns' own
			'ns1 TXT "x"'                      | -                         | 0 | is a name server of the zone
			'@ CH TXT "x"'                     | -                         | 0 | class IN
			'@ TXT "unterminated'              | -                         | 0 | not a zone-file record
			'@ BOGUS 1'                        | -                         | 0 | not a zone-file record
			'@ MX ten mail.example.net.'       | -                         | 0 | not a zone-file record
			'$INCLUDE /etc/hostname'           | -                         | 0 | directives
			'  '                               | -                         | 0 | the line is empty
			'_a TXT "x"'                       | '_a CNAME t.example.net.' | 1 | cannot share its name
			'_a CNAME t.example.net.'          | '_a TXT "x"'              | 1 | cannot share its name
			'_a CNAME t.example.net.'          | '_a CNAME u.example.net.' | 1 | at most one CNAME
			'@ TXT "x"'                        | '@ TXT "x"'               | 1 | listed twice
			'@ TXT "x"'                        | '@ 60 TXT "y"'            | 1 | share one TTL
			""")
	void invalidRecordsFailStartupNamingTheLineAndTheFix(String first, String second, int wrong, String hint) {
		List<String> properties = new ArrayList<>(List.of("selfdns.records[0]=" + first));
		if (!second.equals("-")) {
			properties.add("selfdns.records[1]=" + second);
		}
		this.runner.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> assertFailsNaming(context, "selfdns.records[" + wrong + "]", hint));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			selfdns.shaping.signals[0].high        | signals[0].meter=a;signals[0].low=2;signals[0].high=1        | greater than low
			selfdns.shaping.signals[0].low         | signals[0].meter=a;signals[0].high=1                         | set both low
			selfdns.shaping.signals[0].meter       | signals[0].low=0;signals[0].high=1                           | Micrometer meter
			selfdns.shaping.signals[0].percentile  | signals[0].meter=a;signals[0].low=0;signals[0].high=1;signals[0].statistic=percentile | between 0 and 1
			selfdns.shaping.max-delay              | max-delay=20s                                                | from 0 to 10s
			selfdns.shaping.max-drop               | max-drop=1.5                                                 | a share
			selfdns.shaping.ipv4-prefix-length     | ipv4-prefix-length=33                                        | from 1 to 32
			selfdns.shaping.ipv6-prefix-length     | ipv6-prefix-length=96                                        | from 1 to 64
			selfdns.shaping.hysteresis             | hysteresis=0.9                                               | from 0 to 0.5
			selfdns.shaping.smoothing              | smoothing=-1s                                                | cannot be negative
			selfdns.shaping.sample-interval        | sample-interval=0s                                           | longer than zero
			selfdns.shaping.max-pending            | max-pending=-1                                               | cannot be negative
			""")
	void invalidShapingValuesFailStartupNamingTheProperty(String property, String values, String hint) {
		String[] properties = java.util.Arrays.stream(values.split(";"))
			.map((value) -> "selfdns.shaping." + value)
			.toArray(String[]::new);
		this.withMetrics.withPropertyValues(properties).run((context) -> assertFailsNaming(context, property, hint));
	}

	@Test
	void shapingDefaultsToSharingWithADelayAndACpuSignal() {
		this.withMetrics
			.run((context) -> {
				LoadShaper shaper = context.getBean(LoadShaper.class);
				assertThat(shaper.mode()).isEqualTo(ShapingMode.SHARE);
				assertThat(shaper.shedAction()).isEqualTo(ShedAction.DELAY);
				SelfDnsProperties.Shaping shaping = context.getBean(SelfDnsProperties.class).getShaping();
				assertThat(shaping.getMaxDelay()).hasMillis(400);
				assertThat(shaping.getSignals()).singleElement().satisfies((signal) -> {
					assertThat(signal.getMeter()).isEqualTo("process.cpu.usage");
					assertThat(signal.getLow()).isEqualTo(0.65);
					assertThat(signal.getHigh()).isEqualTo(0.9);
				});
				assertThat(context).hasSingleBean(LoadSampler.class).hasSingleBean(DelayedAnswers.class);
			});
	}

	@Test
	void withoutMicrometerThereIsNoShaping() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LoadShaper.class));
	}

	@Test
	void endpointExistsWhenExposedAndHealthComponentUnlessTurnedOff() {
		ApplicationContextRunner actuator = this.runner.withConfiguration(AutoConfigurations.of(
				SelfDnsEndpointAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, EndpointAutoConfiguration.class));
		actuator.run((context) -> assertThat(context).doesNotHaveBean(SelfDnsEndpoint.class)
			.hasBean("selfdnsHealthIndicator"));
		actuator.withPropertyValues("management.endpoints.web.exposure.include=selfdns",
				"management.health.selfdns.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(SelfDnsEndpoint.class)
				.doesNotHaveBean(SelfDnsHealthIndicator.class));
	}

	@Test
	void endpointListsThisHostsGlueForTheParentZone() {
		new ApplicationContextRunner()
			.withConfiguration(TestServers.SELFDNS)
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withPropertyValues("selfdns.zone=www.example.com", "selfdns.addresses=192.0.2.10,2001:db8::10",
					"selfdns.name-servers=ns1-www.example.com,ns2-www.example.com,ns3.www.example.com 192.0.2.30",
					"selfdns.own-name-server=ns1-www.example.com", "selfdns.listen.port=0",
					"selfdns.listen.address=127.0.0.1", "selfdns.shutdown.drain=0s",
					"management.endpoints.web.exposure.include=selfdns")
			.run((context) -> assertThat(context.getBean(SelfDnsEndpoint.class).status().parentZone()).containsExactly(
					"www.example.com. 10 IN NS ns1-www.example.com.", "www.example.com. 10 IN NS ns2-www.example.com.",
					"www.example.com. 10 IN NS ns3.www.example.com.", "ns3.www.example.com. 10 IN A 192.0.2.30",
					"ns1-www.example.com. 10 IN A 192.0.2.10", "ns1-www.example.com. 10 IN AAAA 2001:db8::10"));
	}

	@Test
	void portAlreadyInUseFailsStartupWithAdvice() {
		this.runner.run((first) -> {
			int port = first.getBean(DnsServer.class).getPort();
			this.runner.withPropertyValues("selfdns.listen.port=" + port).run((second) -> {
				assertThat(second).hasFailed();
				assertThat(second.getStartupFailure()).rootCause().isInstanceOf(java.net.BindException.class);
				assertThat(second.getStartupFailure()).hasCauseInstanceOf(DnsServerBindException.class)
					.cause()
					.hasMessageContaining("selfdns could not bind UDP 127.0.0.1:" + port)
					.hasMessageContaining("selfdns.listen.port");
			});
		});
	}

	private static void assertFailsNaming(AssertableApplicationContext context, String property, String hint) {
		assertThat(context).hasFailed();
		assertThat(report(context.getStartupFailure())).as("what start-up reports")
			.anySatisfy((line) -> assertThat(line).startsWith(property).contains(hint));
	}

	@Test
	void aWrongCookieSecretFailsStartupWithoutShowingIt() {
		String secret = "e5e973e5a6b2a43f48e7dc849e37bfc";
		this.runner.withPropertyValues("selfdns.cookies.secret=" + secret).run((context) -> {
			assertFailsNaming(context, "selfdns.cookies.secret", "32 hex digits");
			assertThat(report(context.getStartupFailure())).noneMatch((line) -> line.contains(secret));
			for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
				assertThat(String.valueOf(cause.getMessage())).doesNotContain(secret);
			}
		});
	}

	/**
	 * What a start-up failure tells about properties, a line per problem: the property, then
	 * why, as Boot's failure report shows it.
	 */
	static List<String> report(Throwable failure) {
		List<String> lines = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindValidationException validation) {
				ValidationErrors errors = validation.getValidationErrors();
				for (ObjectError error : errors.getAllErrors()) {
					// An error of no one field names its property itself, and shows no value.
					lines.add((error instanceof FieldError field) ? errors.getName() + "."
							+ DataObjectPropertyName.toDashedForm(field.getField()) + ": " + error.getDefaultMessage()
							: error.getDefaultMessage());
				}
			}
			else if (cause instanceof BindException bind && !(bind.getCause() instanceof BindValidationException)) {
				StringBuilder why = new StringBuilder();
				for (Throwable inner = bind.getCause(); inner != null; inner = inner.getCause()) {
					why.append(' ').append(inner.getMessage());
				}
				lines.add(bind.getName() + ":" + why);
			}
			else if (cause instanceof InvalidConfigurationPropertyValueException invalid) {
				lines.add(invalid.getName() + ": " + invalid.getReason());
			}
		}
		return lines;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserZoneConfiguration {

		@Bean
		ServiceZone myZone() throws Exception {
			return ServiceZone.builder("api.example.net")
				.addresses(java.net.InetAddress.getByName("198.51.100.7"))
				.nameServer(org.xbill.DNS.Name.fromString("ns1.example.net."))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(UserZoneConfiguration.class)
	static class UserServerConfiguration {

		@Bean
		AnswerTable myAnswers(ServiceZone zone) {
			return new AnswerTable(zone);
		}

		@Bean
		QueryHandler myHandler(AnswerTable answers, ServingGate gate) {
			return new QueryHandler(answers, new ResponseWriter(1232), gate, null, null, null);
		}

		@Bean
		QueryCounters myCounters() {
			return new QueryCounters();
		}

		@Bean
		DnsServer myServer(QueryHandler handler, QueryCounters counters, ApplicationEventPublisher publisher) {
			return new DnsServer(handler, new ListenerSettings(java.net.InetAddress.getLoopbackAddress(), 0, true, 1, 0,
					true, new TcpLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1, 1, 1)), publisher, null,
					counters);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserGateConfiguration {

		@Bean
		ServingGate myGate() {
			return new ServingGate(dev.selfdns.gate.WhenClosed.DROP, false);
		}

	}

}
