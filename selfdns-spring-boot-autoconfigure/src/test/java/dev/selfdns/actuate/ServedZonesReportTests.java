package dev.selfdns.actuate;

import java.nio.file.Path;

import dev.selfdns.TestServers;
import dev.selfdns.dnssec.DnssecSigning;
import dev.selfdns.dnssec.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up says, one INFO line per zone, what the host serves: a typo shows at once.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServedZonesReportTests {

	@Test
	void eachZoneIsNamedWithItsAddressesNameServersTtlAndPeers(CapturedOutput output) {
		TestServers.runner()
			.withPropertyValues("selfdns.zones[0].zone=www.example.com", "selfdns.zone=",
					"selfdns.zones[0].name-servers=ns1.www.example.com 192.0.2.1,ns2.www.example.com 192.0.2.2",
					"selfdns.zones[1].zone=api.example.org", "selfdns.zones[1].ttl=30s",
					"selfdns.zones[1].name-servers=ns1.api.example.org 192.0.2.1,ns2-api.example.net",
					"selfdns.name-servers=")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output.getOut()).contains("selfdns serves www.example.com. with [192.0.2.1, 2001:db8::1], "
						+ "TTL 10 s; NS set ns1.www.example.com. (this host), ns2.www.example.com.; "
						+ "1 peer: ns2.www.example.com. at [192.0.2.2]; unsigned")
					.contains("selfdns serves api.example.org. with [192.0.2.1, 2001:db8::1], TTL 30 s; "
							+ "NS set ns1.api.example.org. (this host), ns2-api.example.net.; "
							+ "1 peer: ns2-api.example.net. (address from the system resolver); unsigned");
			});
	}

	@Test
	void aSignedZoneIsNamedWithItsKeyTagAndDs(CapturedOutput output, @TempDir Path directory) throws Exception {
		try (ConfigurableApplicationContext context = TestKeys.signedHost(1, 0, TestKeys.pem(directory, "k.pem"))) {
			var key = context.getBean(dev.selfdns.dnssec.DnssecSignings.class).of(org.xbill.DNS.Name.fromConstantString("www.example.com.")).keys().own().get(0);
			assertThat(output.getOut()).contains("selfdns serves www.example.com. with [127.0.0.1], TTL 10 s")
				.contains("; signed with key " + key.tag() + " (active), DS for the parent: "
						+ key.ds(context.getBean(dev.selfdns.dnssec.DnssecSignings.class).of(org.xbill.DNS.Name.fromConstantString("www.example.com.")).keys().ttl()));
		}
	}

}
