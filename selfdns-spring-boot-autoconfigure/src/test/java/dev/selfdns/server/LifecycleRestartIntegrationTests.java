package dev.selfdns.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import dev.selfdns.autoconfigure.SelfDnsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsMetricsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsShapingAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsProtectionAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsGateAutoConfiguration;
import dev.selfdns.gate.GateReason;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's lifecycle beyond one start and one close: a context whose lifecycle is stopped
 * and started again (a paused test context, a CRaC restore) answers again on both transports,
 * and an app without a web server keeps running while DNS serves.
 */
class LifecycleRestartIntegrationTests {

	@Test
	void aStoppedAndRestartedContextAnswersAgainOverUdpAndTcp() {
		TestServers.runner().run((context) -> {
			ServingGate gate = context.getBean(ServingGate.class);
			gate.applicationReady();
			assertAnswers(TestServers.client(context));
			ConfigurableApplicationContext real = (ConfigurableApplicationContext) context.getSourceApplicationContext();
			real.stop();
			assertThat(gate.state().reason()).isEqualTo(GateReason.SHUTTING_DOWN);
			assertThat(context.getBean(DnsServer.class).isRunning()).isFalse();
			real.start();
			assertThat(gate.state().reason()).isEqualTo(GateReason.OPEN);
			// With port 0 the restarted listeners have a port of their own.
			assertAnswers(TestServers.client(context));
		});
	}

	@Test
	void anAppWithoutAWebServerKeepsRunningWhileDnsServes() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
				NoWebApplication.class.getName(), "--spring.main.web-application-type=none",
				"--selfdns.zone=www.example.com", "--selfdns.addresses=192.0.2.1",
				"--selfdns.name-servers=ns1-www.example.com", "--selfdns.listen.address=127.0.0.1",
				"--selfdns.listen.port=0", "--selfdns.shutdown.drain=0s");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			CompletableFuture<Integer> port = new CompletableFuture<>();
			StringBuffer output = new StringBuffer();
			Thread reader = new Thread(() -> readPort(process, port, output), "child-output");
			reader.setDaemon(true);
			reader.start();
			int bound;
			try {
				bound = port.get(60, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				throw new AssertionError("the app did not start:\n" + output, ex);
			}
			DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", bound));
			Deadline.poll(Duration.ofSeconds(30), () -> rcode(client), (rcode) -> rcode == Rcode.NOERROR);
			// main() has returned by now; without a non-daemon thread the JVM would exit here.
			long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			while (System.nanoTime() < end) {
				assertThat(process.isAlive()).as("the app is still running").isTrue();
				assertThat(rcode(client)).isEqualTo(Rcode.NOERROR);
				// Ten queries a second, well under the default rate limit.
				Thread.sleep(100);
			}
		}
		finally {
			process.destroy();
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the app stops on SIGTERM").isTrue();
		}
	}

	private static int rcode(DnsTestClient client) throws IOException {
		byte[] response = client.udpOrSilence(query("www.example.com.", Type.A).toWire());
		return (response != null) ? new Message(response).getRcode() : -1;
	}

	private static void readPort(Process process, CompletableFuture<Integer> port, StringBuffer output) {
		Pattern listening = Pattern.compile("selfdns listening on UDP 127\\.0\\.0\\.1:(\\d+)");
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				output.append(line).append('\n');
				Matcher matcher = listening.matcher(line);
				if (matcher.find()) {
					port.complete(Integer.parseInt(matcher.group(1)));
				}
			}
		}
		catch (IOException ex) {
			port.completeExceptionally(ex);
		}
		port.completeExceptionally(new IllegalStateException("the app ended without listening"));
	}

	private static void assertAnswers(DnsTestClient client) throws Exception {
		Message udp = client.udp(query("www.example.com.", Type.A));
		assertThat(udp.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(udp.getSection(Section.ANSWER)).hasSize(1);
		Message tcp = client.tcp(query("www.example.com.", Type.A));
		assertThat(tcp.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(tcp.getSection(Section.ANSWER)).hasSize(1);
	}

	/** The smallest app with the starter and no web server. */
	@SpringBootConfiguration
	@ImportAutoConfiguration({ SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class,
			SelfDnsProtectionAutoConfiguration.class, SelfDnsShapingAutoConfiguration.class,
			SelfDnsMetricsAutoConfiguration.class })
	static class NoWebApplication {

		public static void main(String[] args) {
			SpringApplication.run(NoWebApplication.class, args);
		}

	}

}
