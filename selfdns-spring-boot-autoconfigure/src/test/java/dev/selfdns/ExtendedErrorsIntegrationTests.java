package dev.selfdns;

import java.util.List;

import dev.selfdns.UdpFlood.Tally;
import dev.selfdns.gate.HealthVerdict;
import dev.selfdns.gate.ServingGate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal to a query with EDNS says why (Extended DNS Errors, RFC 8914): a closed host
 * its state (never an operator's drain note), a name outside every zone Not Authoritative, a
 * zone transfer Not Supported. As dnsjava, dig and kdig read them, with the defaults as shipped
 * (rate limiting and cookies on). The explanation is the one part of a steering refusal that
 * makes it larger than its query, so it is held to the errors rate of a network; the refusal
 * itself never is.
 */
class ExtendedErrorsIntegrationTests {

	private final CommandLineTool dig = CommandLineTool.dig();

	private final CommandLineTool kdig = CommandLineTool.kdig();

	@Test
	void aClosedHostSaysItsStateAndNothingElse() {
		TestServers.runner().run((context) -> {
			DnsTestClient client = TestServers.client(context);
			ServingGate gate = context.getBean(ServingGate.class);
			assertClosed(client, "starting");
			gate.applicationReady();
			gate.drain("kernel update, call Ann on 555-0100");
			Message drained = client.udp(edns("www.example.com.", Type.A));
			assertClosed(client, "drained");
			assertThat(new String(drained.toWire(), java.nio.charset.StandardCharsets.ISO_8859_1))
				.as("the drain note stays with the operator")
				.doesNotContain("kernel")
				.doesNotContain("Ann");
			assertThat(edeOf(client.tcp(edns("www.example.com.", Type.A)))).as("over TCP")
				.isEqualTo(new Ede(ExtendedErrorCodeOption.NOT_READY, "drained"));
			gate.resume();
			gate.expectHealthReadings();
			gate.health(new HealthVerdict("DOWN", "db DOWN"));
			assertClosed(client, "closed-by-health");
			assertThat(this.dig.run("@127.0.0.1", "-p" + client.port(), "www.example.com", "+tries=1"))
				.contains("status: REFUSED")
				.contains("EDE: 14 (Not Ready): (closed-by-health)");
			assertThat(this.kdig.run("@127.0.0.1", "-p", String.valueOf(client.port()), "www.example.com",
					"+retry=0", "+edns"))
				.contains("status: REFUSED")
				.containsPattern("EDE: 14 \\(Not Ready\\): '?closed-by-health'?");
			gate.shutdown();
			assertClosed(client, "shutting-down");
			Message plain = client.udp(query("www.example.com.", Type.A));
			assertThat(plain.getRcode()).isEqualTo(Rcode.REFUSED);
			assertThat(plain.getOPT()).as("without EDNS, no OPT record and no EDE").isNull();
		});
	}

	@Test
	void aServfailingClosedHostSaysItsStateToo() {
		TestServers.runner().withPropertyValues("selfdns.gate.when-closed=servfail").run((context) -> {
			Message response = TestServers.client(context).udp(edns("www.example.com.", Type.A));
			assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
			assertThat(edeOf(response)).isEqualTo(new Ede(ExtendedErrorCodeOption.NOT_READY, "starting"));
		});
	}

	@Test
	void namesOutsideEveryZoneAndZoneTransfersSayWhy() {
		TestServers.run((client) -> {
			Message outside = client.udp(edns("example.org.", Type.A));
			assertThat(outside.getRcode()).isEqualTo(Rcode.REFUSED);
			assertThat(edeOf(outside)).isEqualTo(new Ede(ExtendedErrorCodeOption.NOT_AUTHORITATIVE, "not authoritative"));
			Message transfer = client.tcp(edns("www.example.com.", Type.AXFR));
			assertThat(transfer.getRcode()).isEqualTo(Rcode.REFUSED);
			assertThat(edeOf(transfer))
				.isEqualTo(new Ede(ExtendedErrorCodeOption.NOT_SUPPORTED, "zone transfers not served"));
			assertThat(this.dig.run("@127.0.0.1", "-p" + client.port(), "example.org", "+tries=1"))
				.contains("status: REFUSED")
				.contains("EDE: 20 (Not Authoritative)");
			Message answered = client.udp(edns("www.example.com.", Type.A));
			assertThat(answered.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(edeOf(answered)).as("an answer carries none").isNull();
		});
	}

	/**
	 * A busy resolver (1,000 queries a second for 3 s, EDNS, no cookie) at a drained host: every
	 * query refused, none silenced, and at most the errors rate (50 a second, and one second's
	 * burst) of the refusals larger than the query, the rest the query's size exactly.
	 */
	@Test
	void aBusyResolverGetsEveryRefusalAndExplanationsOnlyAtTheErrorsRate() {
		TestServers.runner().run((context) -> {
			ServingGate gate = context.getBean(ServingGate.class);
			gate.applicationReady();
			gate.drain(null);
			Tally tally = UdpFlood.send("127.0.0.2", TestServers.client(context).port(),
					edns("q1.www.example.com.", Type.A), 3000, 1000);
			assertThat(tally.answered).as("answered").isEqualTo(3000);
			assertThat(tally.answeredRcodes).containsOnly(Rcode.REFUSED);
			assertThat(tally.largerThanQuery).as("refusals with an explanation").isPositive().isLessThanOrEqualTo(50 * 5);
		});
	}

	private static void assertClosed(DnsTestClient client, String state) throws Exception {
		Message response = client.udp(edns("www.example.com.", Type.A));
		assertThat(response.getRcode()).isEqualTo(Rcode.REFUSED);
		assertThat(edeOf(response)).isEqualTo(new Ede(ExtendedErrorCodeOption.NOT_READY, state));
	}

	static Message edns(String name, int type) {
		Message query = query(name, type);
		query.addRecord(new OPTRecord(1232, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
		return query;
	}

	static @Nullable Ede edeOf(Message response) {
		OPTRecord opt = response.getOPT();
		if (opt == null) {
			return null;
		}
		List<EDNSOption> options = opt.getOptions(org.xbill.DNS.EDNSOption.Code.EDNS_EXTENDED_ERROR);
		if (options.isEmpty()) {
			return null;
		}
		assertThat(options).as("one EDE").hasSize(1);
		ExtendedErrorCodeOption ede = (ExtendedErrorCodeOption) options.get(0);
		return new Ede(ede.getErrorCode(), ede.getText());
	}

	record Ede(int code, @Nullable String text) {

	}

}
