package dev.selfdns.server;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import dev.selfdns.TestServers;
import dev.selfdns.autoconfigure.SelfDnsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsMetricsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsShapingAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsProtectionAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsGateAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link DnsServerBindFailureAnalyzer}: an occupied port or a privileged one ends
 * start-up with advice.
 */
@ExtendWith(OutputCaptureExtension.class)
class DnsServerBindFailureAnalyzerTests {

	@Test
	void occupiedPortEndsStartupWithAdvice(CapturedOutput output) throws Exception {
		try (DatagramSocket occupier = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			int port = occupier.getLocalPort();
			SpringApplication application = new SpringApplication(Config.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			String[] args = java.util.Arrays.stream(TestServers.ZONE)
				.map((property) -> "--" + property.replace("selfdns.listen.port=0", "selfdns.listen.port=" + port))
				.toArray(String[]::new);
			assertThatException().isThrownBy(() -> application.run(args));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("selfdns could not listen on UDP 127.0.0.1:" + port + ": the port is already in use.")
				.contains("ss -lunp sport = :" + port)
				.contains("selfdns.listen.port");
		}
	}

	@Test
	void privilegedPortGetsTheWaysToBindWithoutRoot() {
		DnsServerBindException exception = new DnsServerBindException("UDP", new InetSocketAddress("192.0.2.1", 53),
				new BindException("Permission denied"));
		FailureAnalysis analysis = new DnsServerBindFailureAnalyzer().analyze(exception);
		assertThat(analysis.getDescription()).isEqualTo(
				"selfdns could not listen on UDP 192.0.2.1:53: only privileged processes may bind ports below 1024.");
		assertThat(analysis.getAction()).contains("CAP_NET_BIND_SERVICE")
			.contains("net.ipv4.ip_unprivileged_port_start")
			.contains("does not reach a non-root JVM")
			.contains("selfdns.listen.port");
	}

	@Test
	void otherBindFailuresNameTheAddressProperty() {
		DnsServerBindException exception = new DnsServerBindException("TCP", new InetSocketAddress("192.0.2.1", 8053),
				new BindException("Cannot assign requested address"));
		FailureAnalysis analysis = new DnsServerBindFailureAnalyzer().analyze(exception);
		assertThat(analysis.getDescription()).contains("TCP 192.0.2.1:8053").contains("Cannot assign requested address");
		assertThat(analysis.getAction()).contains("selfdns.listen.address")
			.contains("clouds that NAT the public address")
			.contains("keep the public one in selfdns.addresses");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class,
			SelfDnsProtectionAutoConfiguration.class, SelfDnsShapingAutoConfiguration.class,
			SelfDnsMetricsAutoConfiguration.class })
	static class Config {

	}

}
