package dev.selfdns.sample;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample app as an operator runs it: on SIGTERM, DNS stops answering with the
 * host's address at once, the web app keeps serving through the drain, then the process exits.
 */
class SampleShutdownIT {

	private static final Duration DRAIN = Duration.ofSeconds(3);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void sigtermStopsDnsAtOnceServesHttpThroughTheDrainThenExits() throws Exception {
		int httpPort = freePort();
		int dnsPort = freePort();
		File log = File.createTempFile("sample-app", ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(java, "-jar", "target/selfdns-sample-app.jar",
				"--server.port=" + httpPort, "--selfdns.listen.port=" + dnsPort,
				"--selfdns.shutdown.drain=" + DRAIN.toMillis() + "ms", "--selfdns.shaping.enabled=false")
			.redirectErrorStream(true)
			.redirectOutput(log)
			.start();
		try {
			DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", dnsPort));
			Deadline.poll(Duration.ofSeconds(60), () -> rcode(client), (rcode) -> rcode == Rcode.NOERROR);
			assertThat(httpStatus(httpPort)).isEqualTo(200);

			long sigterm = System.nanoTime();
			process.destroy();
			Deadline.poll(Duration.ofSeconds(1), () -> rcode(client), (rcode) -> rcode != Rcode.NOERROR);
			// Half the drain later, DNS is still quiet and the web app still serves.
			while (System.nanoTime() - sigterm < DRAIN.toNanos() / 2) {
				assertThat(rcode(client)).isNotEqualTo(Rcode.NOERROR);
				assertThat(httpStatus(httpPort)).isEqualTo(200);
			}
			assertThat(process.waitFor(DRAIN.toSeconds() + 20, TimeUnit.SECONDS)).as("process exited").isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).isGreaterThanOrEqualTo(DRAIN);
			assertThat(Files.readString(log.toPath())).contains("selfdns draining for 3000 ms");
		}
		finally {
			process.destroyForcibly();
		}
	}

	/** The response code, or -1 for no answer (a stopped listener). */
	private static int rcode(DnsTestClient client) throws Exception {
		byte[] response = client.udpOrSilence(query("www.example.com.", Type.A).toWire());
		return (response != null) ? response[3] & 0x0F : -1;
	}

	private int httpStatus(int port) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
			.timeout(Duration.ofSeconds(2))
			.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private static int freePort() throws Exception {
		// A port free for both TCP and UDP, as selfdns binds both.
		for (int attempt = 0; attempt < 20; attempt++) {
			try (ServerSocket tcp = new ServerSocket(0);
					DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", tcp.getLocalPort()))) {
				return tcp.getLocalPort();
			}
			catch (java.net.BindException ex) {
				// UDP side taken: try another.
			}
		}
		throw new IllegalStateException("No free port");
	}

}
