package dev.selfdns.sample;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.selfdns.Deadline;
import dev.selfdns.DnsTestClient;
import dev.selfdns.shaping.LoadShaper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same ramp shaping with thresholds far above the thread count: the meter is read, the
 * load is zero, and answers are immediate.
 */
@SpringBootTest(properties = { "selfdns.listen.port=0", "selfdns.shaping.mode=ramp",
		"selfdns.shaping.signals[0].meter=jvm.threads.live", "selfdns.shaping.signals[0].low=10000",
		"selfdns.shaping.signals[0].high=20000", "selfdns.shaping.max-delay=400ms", "selfdns.shaping.max-drop=0" })
class IdleShapingSampleApplicationTests {

	@Value("${local.selfdns.port}")
	private int dnsPort;

	@Autowired
	private LoadShaper shaper;

	@Test
	void answersAreImmediate() throws Exception {
		Deadline.poll(Duration.ofSeconds(5), () -> this.shaper.state().signals(),
				(signals) -> !signals.isEmpty() && signals.get(0).present());
		assertThat(this.shaper.state().signals().get(0).value()).isGreaterThan(1);
		assertThat(this.shaper.state().score()).isZero();
		DnsTestClient client = new DnsTestClient(new InetSocketAddress("127.0.0.1", this.dnsPort));
		// The first query warms up the query path; the median of the next five is what counts.
		RampShapingSampleApplicationTests.answerTime(client);
		assertThat(RampShapingSampleApplicationTests.medianAnswerTime(client)).isLessThan(Duration.ofMillis(50));
	}

}
