package dev.selfdns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import dev.selfdns.UdpFlood.Tally;
import dev.selfdns.gate.ServingGate;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers that steer resolvers away (a closed gate's REFUSED or SERVFAIL) are never
 * silenced by rate limiting, with the defaults as shipped (rate limiting and cookies on): a busy
 * resolver that kept getting them dropped would stall its clients and shun the host after it
 * reopens. What amplifies is still limited.
 */
class SteeringAnswersIntegrationTests {

	/** A busy resolver: 1,000 queries a second for 3 s, from one address. */
	private static final int QUERIES = 3000;

	private static final int PER_SECOND = 1000;

	@Test
	void aDrainedHostRefusesEveryQueryOfABusyResolver() {
		TestServers.runner().run((context) -> {
			ServingGate gate = context.getBean(ServingGate.class);
			gate.applicationReady();
			gate.drain("maintenance");
			Tally tally = UdpFlood.send("127.0.0.2", TestServers.client(context).port(),
					query("q1.www.example.com.", Type.A), QUERIES, PER_SECOND);
			assertThat(tally.truncated).as("truncated").isZero();
			assertThat(tally.answered).as("answered").isEqualTo(QUERIES);
			assertThat(tally.answeredRcodes).containsOnly(Rcode.REFUSED);
		});
	}

	@Test
	void aClosedGateAnsweringServfailIsNotSilencedEither() {
		TestServers.runner().withPropertyValues("selfdns.gate.when-closed=servfail").run((context) -> {
			Tally tally = UdpFlood.send("127.0.0.2", TestServers.client(context).port(),
					CookieIntegrationTests.withOption(new CookieOption(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })),
					QUERIES, PER_SECOND);
			assertThat(tally.truncated).as("truncated").isZero();
			assertThat(tally.answered).as("answered").isEqualTo(QUERIES);
			assertThat(tally.answeredRcodes).containsOnly(Rcode.SERVFAIL);
		});
	}

	@Test
	void withCookiesRequiredAClosedGateStillRefusesRatherThanAskingForACookie() {
		// BADCOOKIE is an error and is limited; the closed gate's REFUSED is not, so it comes first.
		TestServers.runner().withPropertyValues("selfdns.cookies.require=true").run((context) -> {
			Tally tally = UdpFlood.send("127.0.0.2", TestServers.client(context).port(),
					CookieIntegrationTests.withOption(new CookieOption(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })),
					QUERIES, PER_SECOND);
			assertThat(tally.truncated).as("truncated").isZero();
			assertThat(tally.answered).as("answered").isEqualTo(QUERIES);
			assertThat(tally.answeredRcodes).containsOnly(Rcode.REFUSED);
		});
	}

	@Test
	void aClosedAnswerToAnEdnsQueryCarriesOptAndAServerCookie() {
		TestServers.runner().run((context) -> {
			DnsTestClient client = TestServers.client(context);
			byte[] clientCookie = { 8, 7, 6, 5, 4, 3, 2, 1 };
			Message response = client.udp(CookieIntegrationTests.withOption(new CookieOption(clientCookie)));
			assertThat(response.getRcode()).isEqualTo(Rcode.REFUSED);
			OPTRecord opt = response.getOPT();
			assertThat(opt).as("OPT").isNotNull();
			assertThat(opt.getPayloadSize()).isEqualTo(1232);
			List<EDNSOption> cookies = opt.getOptions(EDNSOption.Code.COOKIE);
			assertThat(cookies).hasSize(1);
			CookieOption cookie = (CookieOption) cookies.get(0);
			assertThat(cookie.getClientCookie()).isEqualTo(clientCookie);
			assertThat(cookie.getServerCookie()).get().satisfies((server) -> assertThat(server).hasSize(16));
		});
	}

	@Test
	void aFloodForAmplifyingAnswersIsStillHeldToTheLimit() {
		TestServers.run((client) -> {
			// The NS answer with its glue is the largest this zone gives: about 10 times the query.
			Tally tally = UdpFlood.send("127.0.0.2", client.port(), query("www.example.com.", Type.NS), QUERIES,
					PER_SECOND);
			// One second's credit of the default 200 a second, and 200 more for each second sent.
			double seconds = tally.sendingNanos / 1e9;
			assertThat(tally.answered).isBetween(200, (int) (200 + 200 * seconds) + 20);
			assertThat(tally.truncated).as("every second one limited slips").isPositive();
			// Other networks are not held back by it.
			DnsTestClient neighbour = new DnsTestClient(new InetSocketAddress("127.0.0.1", client.port()),
					InetAddress.getByName("127.0.1.2"));
			assertThat(neighbour.udp(query("www.example.com.", Type.NS)).getRcode()).isEqualTo(Rcode.NOERROR);
		});
	}

}
