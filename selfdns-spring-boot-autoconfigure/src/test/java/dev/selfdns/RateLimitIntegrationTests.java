package dev.selfdns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import dev.selfdns.UdpFlood.Tally;
import dev.selfdns.actuate.SelfDnsEndpoint;
import dev.selfdns.actuate.SelfDnsEndpoint.RateLimitDescriptor;
import dev.selfdns.autoconfigure.SelfDnsEndpointAutoConfiguration;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.DnsTransport;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.query.QueryType;
import dev.selfdns.query.QueryOutcome;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response rate limiting with a real flood from one loopback address: answers held to the
 * limit, every second limited answer slipped, and another network, TCP and a client with a
 * valid cookie unaffected.
 */
class RateLimitIntegrationTests {

	private static final int FLOOD = 400;

	private static final String[] LIMITS = { "selfdns.rate-limit.responses-per-second=50",
			"selfdns.rate-limit.slip=2" };

	@Test
	void aFloodIsHeldToTheLimitAndEverySecondLimitedAnswerSlips() {
		TestServers.run((client) -> {
			Tally flood = flood("127.0.0.2", client.port(), query("www.example.com.", Type.A));
			// 50 at once (one second's credit), a few more earned while the flood lasts.
			assertThat(flood.answered).isBetween(50, 60);
			int limited = FLOOD - flood.answered;
			assertThat(flood.truncated).isBetween(limited / 2 - 1, limited / 2 + 1);

			DnsTestClient neighbour = new DnsTestClient(new InetSocketAddress("127.0.0.1", client.port()),
					InetAddress.getByName("127.0.1.2"));
			for (int i = 0; i < 20; i++) {
				Message response = neighbour.udp(query("www.example.com.", Type.A));
				assertThat(response.getHeader().getFlag(Flags.TC)).as("another /24").isFalse();
				assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			}
			try (Socket tcp = new Socket()) {
				tcp.bind(new InetSocketAddress("127.0.0.2", 0));
				tcp.connect(new InetSocketAddress("127.0.0.1", client.port()));
				DnsTestClient.writeFramed(tcp, query("www.example.com.", Type.A).toWire());
				Message response = new Message(DnsTestClient.readFramed(tcp));
				assertThat(response.getSectionArray(1)).as("TCP from the flooding network").hasSize(1);
			}
		}, LIMITS);
	}

	@Test
	void theEndpointAndTheCountersShowWhatWasHeldBack() {
		TestServers.runner()
			.withConfiguration(AutoConfigurations.of(SelfDnsEndpointAutoConfiguration.class,
					EndpointAutoConfiguration.class))
			.withPropertyValues(LIMITS)
			.withPropertyValues("management.endpoints.web.exposure.include=selfdns", "selfdns.nsid=host-1")
			.run((context) -> {
				context.getBean(ServingGate.class).applicationReady();
				Tally flood = flood("127.0.0.2", TestServers.client(context).port(),
						query("www.example.com.", Type.A));
				RateLimitDescriptor limits = context.getBean(SelfDnsEndpoint.class).status().protection().rateLimit();
				assertThat(limits.limits().responsesPerSecond()).isEqualTo(50);
				assertThat(limits.limits().slip()).isEqualTo(2);
				assertThat(limits.slipped()).isEqualTo(flood.truncated);
				assertThat(limits.dropped()).isEqualTo(FLOOD - flood.answered - flood.truncated);
				QueryCounters counters = context.getBean(QueryCounters.class);
				assertThat(counters.get(DnsTransport.UDP, QueryType.A, QueryOutcome.SLIPPED)).isEqualTo(flood.truncated);
				assertThat(context.getBean(SelfDnsEndpoint.class).status().protection().nsid()).isEqualTo("host-1");
			});
	}

	@Test
	void limitedErrorsSlipWithTheirResponseCode() {
		TestServers.run((client) -> {
			Tally flood = flood("127.0.0.2", client.port(), query("example.org.", Type.A));
			assertThat(flood.truncated).isPositive();
			assertThat(flood.truncatedRcodes).containsOnly(Rcode.REFUSED);
		}, "selfdns.rate-limit.errors-per-second=20");
	}

	@Test
	void aClientWithAValidCookieIsNotLimited() {
		TestServers.run((client) -> {
			byte[] clientCookie = { 1, 2, 3, 4, 5, 6, 7, 8 };
			DnsTestClient fromFlooder = new DnsTestClient(new InetSocketAddress("127.0.0.1", client.port()),
					InetAddress.getByName("127.0.0.2"));
			Message first = fromFlooder.udp(CookieIntegrationTests.withOption(new CookieOption(clientCookie)));
			CookieOption returned = (CookieOption) first.getOPT().getOptions(10).get(0);
			Message withCookie = CookieIntegrationTests
				.withOption(new CookieOption(clientCookie, returned.getServerCookie().orElseThrow()));
			Tally flood = flood("127.0.0.2", client.port(), withCookie);
			assertThat(flood.answered).isEqualTo(FLOOD);
		}, LIMITS);
	}

	@Test
	void turnedOffNothingIsLimited() {
		TestServers.run((client) -> assertThat(flood("127.0.0.2", client.port(), query("www.example.com.", Type.A))
			.answered).isEqualTo(FLOOD), "selfdns.rate-limit.enabled=false");
	}

	private static Tally flood(String from, int port, Message query) throws IOException {
		return UdpFlood.send(from, port, query, FLOOD);
	}

}
