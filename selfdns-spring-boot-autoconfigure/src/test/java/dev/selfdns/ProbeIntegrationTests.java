package dev.selfdns;

import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe name over real sockets, with the product's defaults: {@code _selfdns.<zone>} TXT
 * gives the host's state while the gate is open, drained and shutting down, on both transports,
 * while every other query of a closed host gets REFUSED.
 */
class ProbeIntegrationTests {

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aHostTellsItsStateWhetherItAnswersOrNot(Transport transport) {
		TestServers.runner().run((context) -> {
			ServingGate gate = context.getBean(ServingGate.class);
			DnsTestClient client = TestServers.client(context);
			assertThat(state(transport, client)).isEqualTo("starting");
			gate.applicationReady();
			assertThat(state(transport, client)).isEqualTo("open");
			gate.drain("maintenance");
			assertThat(state(transport, client)).isEqualTo("drained");
			assertThat(transport.exchange(client, query("www.example.com.", Type.A)).getRcode())
				.isEqualTo(Rcode.REFUSED);
			gate.shutdown();
			assertThat(state(transport, client)).isEqualTo("shutting-down");
			Message nodata = transport.exchange(client, query("_selfdns.www.example.com.", Type.A));
			assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
		});
	}

	private static String state(Transport transport, DnsTestClient client) throws Exception {
		Message response = transport.exchange(client, query("_selfdns.www.example.com.", Type.TXT));
		assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
		return ((TXTRecord) response.getSection(Section.ANSWER).get(0)).getStrings().get(0);
	}

}
