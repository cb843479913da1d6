package dev.selfdns;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS cookies (RFC 7873, RFC 9018) with dig and dnsjava: a client cookie gets a server cookie
 * back, malformed cookies get FORMERR, and BADCOOKIE comes only when cookies are required.
 */
class CookieIntegrationTests {

	private static final byte[] CLIENT_COOKIE = HexFormat.of().parseHex("2464c4abcf10c957");

	private static final Pattern DIG_COOKIE = Pattern.compile("; COOKIE: ([0-9a-f]{16})([0-9a-f]{32}) \\(good\\)");

	private final CommandLineTool dig = CommandLineTool.dig();

	@Test
	void digGetsAServerCookieAndItsReturnIsAnswered() {
		TestServers.run((client) -> {
			String first = this.dig.run("@127.0.0.1", "-p" + client.port(), "www.example.com", "A", "+cookie",
					"+tries=1");
			assertThat(first).contains("status: NOERROR");
			Matcher cookie = DIG_COOKIE.matcher(first);
			assertThat(cookie.find()).as("a server cookie in:%n%s", first).isTrue();
			String again = this.dig.run("@127.0.0.1", "-p" + client.port(), "www.example.com", "A",
					"+cookie=" + cookie.group(1) + cookie.group(2), "+tries=1");
			assertThat(again).contains("status: NOERROR").containsPattern(DIG_COOKIE.pattern());
		}, "selfdns.cookies.require=true");
	}

	@Test
	void dnsjavaRoundTripWithRequiredCookies() {
		TestServers.run((client) -> {
			Message withClientCookie = client.udp(withOption(new CookieOption(CLIENT_COOKIE)));
			assertThat(withClientCookie.getRcode()).as("a client cookie alone, cookies required")
				.isEqualTo(Rcode.BADCOOKIE);
			CookieOption returned = cookie(withClientCookie);
			assertThat(returned.getClientCookie()).isEqualTo(CLIENT_COOKIE);
			byte[] serverCookie = returned.getServerCookie().orElseThrow();
			assertThat(serverCookie).hasSize(16);
			assertThat(serverCookie[0]).as("RFC 9018 version").isEqualTo((byte) 1);

			Message answered = client.udp(withOption(new CookieOption(CLIENT_COOKIE, serverCookie)));
			assertThat(answered.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(answered.getSection(Section.ANSWER)).hasSize(1);
			assertThat(cookie(answered).getClientCookie()).isEqualTo(CLIENT_COOKIE);

			byte[] forged = serverCookie.clone();
			forged[15] ^= 1;
			assertThat(client.udp(withOption(new CookieOption(CLIENT_COOKIE, forged))).getRcode())
				.as("a server cookie this host did not make")
				.isEqualTo(Rcode.BADCOOKIE);
			assertThat(client.udp(query("www.example.com.", Type.A)).getRcode())
				.as("no cookie at all is answered as before")
				.isEqualTo(Rcode.NOERROR);
			assertThat(client.tcp(withOption(new CookieOption(CLIENT_COOKIE))).getRcode())
				.as("TCP proves the address already")
				.isEqualTo(Rcode.NOERROR);
		}, "selfdns.cookies.require=true");
	}

	@Test
	void byDefaultACookieIsAnsweredAndNeverRefused() {
		TestServers.run((client) -> {
			Message response = client.udp(withOption(new CookieOption(CLIENT_COOKIE)));
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.getSection(Section.ANSWER)).hasSize(1);
			assertThat(cookie(response).getServerCookie()).isPresent();
			byte[] stale = new byte[16];
			stale[0] = 1;
			assertThat(client.udp(withOption(new CookieOption(CLIENT_COOKIE, stale))).getRcode())
				.isEqualTo(Rcode.NOERROR);
		});
	}

	@Test
	void turnedOffNoCookieIsAnswered() {
		TestServers.run((client) -> {
			Message response = client.udp(withOption(new CookieOption(CLIENT_COOKIE)));
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.getOPT().getOptions()).isEmpty();
		}, "selfdns.cookies.enabled=false", "selfdns.cookies.require=true");
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 0, 7, 9, 15, 41 })
	void malformedCookiesAreFormerr(int length) {
		TestServers.run((client) -> {
			Message query = withOption(new GenericEDNSOption(10, new byte[length]));
			for (Transport transport : Transport.values()) {
				byte[] response = transport.exchangeRaw(client, query.toWire());
				assertThat(DnsHeaderBytes.rcode(response)).as(transport.name()).isEqualTo(Rcode.FORMERR);
			}
		});
	}

	@Test
	void twoCookiesAreFormerr() {
		TestServers.run((client) -> {
			Message query = withOption(new CookieOption(CLIENT_COOKIE), new CookieOption(CLIENT_COOKIE));
			assertThat(DnsHeaderBytes.rcode(client.udpOrSilence(query.toWire()))).isEqualTo(Rcode.FORMERR);
		});
	}

	@Test
	void aLongerServerCookieFromAnotherServerIsAnsweredWithOurs() {
		TestServers.run((client) -> {
			byte[] foreign = new byte[32];
			Arrays.fill(foreign, (byte) 7);
			Message response = client.udp(withOption(new CookieOption(CLIENT_COOKIE, foreign)));
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(cookie(response).getServerCookie().orElseThrow()).hasSize(16);
		});
	}

	static Message withOption(EDNSOption... options) {
		Message query = query("www.example.com.", Type.A);
		query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(options)), Section.ADDITIONAL);
		return query;
	}

	private static CookieOption cookie(Message response) {
		List<EDNSOption> options = response.getOPT().getOptions(EDNSOption.Code.COOKIE);
		assertThat(options).hasSize(1);
		return (CookieOption) options.get(0);
	}

}
