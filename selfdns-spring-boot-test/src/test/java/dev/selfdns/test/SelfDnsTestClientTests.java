package dev.selfdns.test;

import dev.selfdns.autoconfigure.SelfDnsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsGateAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsProtectionAutoConfiguration;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.selfdns.test.SelfDnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test client and assertions against a real selfdns server on loopback.
 */
class SelfDnsTestClientTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class,
				SelfDnsProtectionAutoConfiguration.class))
		.withPropertyValues("selfdns.zone=www.example.com", "selfdns.addresses=192.0.2.10,2001:db8::10",
				"selfdns.name-servers=ns1-www.example.com", "selfdns.listen.address=127.0.0.1",
				"selfdns.listen.port=0", "selfdns.shutdown.drain=0s");

	@Test
	void awaitsTheGateThenAsksOverBothTransports() {
		this.runner.run((context) -> {
			SelfDnsTestClient dns = SelfDnsTestClient.of(context);
			assertThat(dns.udp("www.example.com", Type.A)).as("before the app is ready").isRefused().hasNoAnswer();
			Thread ready = new Thread(() -> context.getBean(ServingGate.class).applicationReady());
			ready.start();
			dns.awaitAnswering();
			ready.join();
			assertThat(dns.udp("www.example.com", Type.A)).isAuthoritative().answersWith("192.0.2.10");
			assertThat(dns.tcp("www.example.com.", Type.AAAA)).isAuthoritative()
				.answersWith("2001:0db8:0:0:0:0:0:10");
			assertThat(dns.udp("nothing.www.example.com", Type.A)).hasRcode(org.xbill.DNS.Rcode.NXDOMAIN)
				.hasNoAnswer();
		});
	}

	@Test
	void assertionsFailWithWhatWasThere() {
		this.runner.run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			SelfDnsTestClient dns = SelfDnsTestClient.of(context).awaitAnswering();
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(dns.udp("www.example.com", Type.A)).answersWith("192.0.2.99"))
				.withMessageContaining("[192.0.2.99]")
				.withMessageContaining("[192.0.2.10]");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(dns.udp("www.example.com", Type.A)).isRefused())
				.withMessageContaining("Expected REFUSED but the response was NOERROR");
		});
	}

}
