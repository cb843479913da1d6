package dev.selfdns.protection;

import java.net.InetAddress;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerCookies}, against the examples of RFC 9018 Appendix A.
 */
class ServerCookiesTests {

	private static final byte[] SECRET = HexFormat.of().parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf");

	private final byte[] scratch = new byte[ServerCookies.SCRATCH_LENGTH];

	@ParameterizedTest(name = "{0}")
	@CsvSource(textBlock = """
			A.1 learning a new server cookie,  2464c4abcf10c957, 198.51.100.100, 1559731985, 010000005cf79f111f8130c3eee29480
			A.2 the same client renewing it,   2464c4abcf10c957, 198.51.100.100, 1559734385, 010000005cf7a871d4a564a1442aca77
			A.3 another client renewing it,    fc93fc62807ddb86, 203.0.113.203,  1559734700, 010000005cf7a9acf73a7810aca2381e
			""")
	void makesTheServerCookiesOfTheRfc(String example, String clientCookie, String client, long now, String expected)
			throws Exception {
		ServerCookies cookies = new ServerCookies(SECRET, false, () -> now);
		byte[] out = new byte[ServerCookies.SERVER_COOKIE_LENGTH];
		cookies.write(HexFormat.of().parseHex(clientCookie), 0, InetAddress.getByName(client), out, 0, this.scratch);
		assertThat(HexFormat.of().formatHex(out)).isEqualTo(expected);
	}

	@Test
	void acceptsItsOwnCookieForAnHourFromTheSameAddressOnly() throws Exception {
		long[] now = { 1559731985 };
		ServerCookies cookies = new ServerCookies(SECRET, false, () -> now[0]);
		InetAddress client = InetAddress.getByName("198.51.100.100");
		byte[] option = new byte[24];
		System.arraycopy(HexFormat.of().parseHex("2464c4abcf10c957"), 0, option, 0, 8);
		cookies.write(option, 0, client, option, 8, this.scratch);
		assertThat(cookies.valid(option, 0, 24, client, this.scratch)).isTrue();
		assertThat(cookies.valid(option, 0, 24, InetAddress.getByName("198.51.100.101"), this.scratch)).isFalse();
		assertThat(new ServerCookies(ServerCookies.randomSecret(), false, () -> now[0]).valid(option, 0, 24, client,
				this.scratch))
			.as("another host's secret")
			.isFalse();
		now[0] += 3600;
		assertThat(cookies.valid(option, 0, 24, client, this.scratch)).isTrue();
		now[0] += 1;
		assertThat(cookies.valid(option, 0, 24, client, this.scratch)).as("older than an hour").isFalse();
		now[0] -= 3601 + 301;
		assertThat(cookies.valid(option, 0, 24, client, this.scratch)).as("over five minutes ahead").isFalse();
		now[0] += 301;
		option[23] ^= 1;
		assertThat(cookies.valid(option, 0, 24, client, this.scratch)).as("a flipped bit").isFalse();
	}

	@Test
	void ipv6ClientsGetCookiesToo() throws Exception {
		ServerCookies cookies = new ServerCookies(SECRET, false, () -> 1559731985);
		InetAddress client = InetAddress.getByName("2001:db8:220:1:59de:d0f4:8769:82b8");
		byte[] option = new byte[24];
		cookies.write(option, 0, client, option, 8, this.scratch);
		assertThat(cookies.valid(option, 0, 24, client, this.scratch)).isTrue();
		assertThat(cookies.valid(option, 0, 24, InetAddress.getByName("2001:db8::1"), this.scratch)).isFalse();
	}

}
