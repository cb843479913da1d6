package dev.selfdns.sample;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ramp shaping on a meter every JVM has: with thresholds of one and two live threads the app
 * is always saturated, so every answer takes the full 400 ms.
 */
@SpringBootTest(properties = { "selfdns.listen.port=0", "selfdns.shaping.mode=ramp",
		"selfdns.shaping.signals[0].meter=jvm.threads.live", "selfdns.shaping.signals[0].low=1",
		"selfdns.shaping.signals[0].high=2", "selfdns.shaping.max-delay=400ms", "selfdns.shaping.max-drop=0" })
class RampShapingSampleApplicationTests {

	@Value("${local.selfdns.port}")
	private int dnsPort;

	@Test
	void answersTakeTheMaximumDelay() throws Exception {
		DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", this.dnsPort));
		// The gate opens on the first health reading after start-up.
		Deadline.poll(Duration.ofSeconds(5), () -> client.udp(query("www.example.com.", Type.A)).getRcode(),
				(rcode) -> rcode == Rcode.NOERROR);
		// The smoothed score needs a few seconds to reach saturation.
		Deadline.poll(Duration.ofSeconds(20), () -> answerTime(client), (time) -> time.toMillis() >= 390);
		assertThat(medianAnswerTime(client)).isBetween(Duration.ofMillis(400), Duration.ofMillis(450));
	}

	static Duration answerTime(DnsTestClient client) throws Exception {
		long start = System.nanoTime();
		assertThat(client.udp(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	static Duration medianAnswerTime(DnsTestClient client) throws Exception {
		Duration[] times = new Duration[5];
		for (int i = 0; i < times.length; i++) {
			times[i] = answerTime(client);
		}
		java.util.Arrays.sort(times);
		return times[2];
	}

}
