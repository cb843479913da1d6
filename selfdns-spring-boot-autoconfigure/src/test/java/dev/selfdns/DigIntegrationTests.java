package dev.selfdns;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The name server as operators see it, through BIND's dig and Knot's kdig.
 */
class DigIntegrationTests {

	private final CommandLineTool dig = CommandLineTool.dig();

	private final CommandLineTool kdig = CommandLineTool.kdig();

	@Test
	void digGetsTheAddressOverUdpAndTcp() {
		TestServers.run((client) -> {
			String udp = this.dig.run(server(client), port(client), "www.example.com", "A", "+norec", "+tries=1");
			assertThat(udp).contains("status: NOERROR")
				.containsPattern("flags: qr aa;")
				.containsPattern("www\\.example\\.com\\.\\s+10\\s+IN\\s+A\\s+192\\.0\\.2\\.1")
				.contains("EDNS: version: 0, flags:; udp: 1232")
				.contains("(UDP)");
			String tcp = this.dig.run(server(client), port(client), "www.example.com", "AAAA", "+tcp", "+tries=1");
			assertThat(tcp).contains("status: NOERROR")
				.containsPattern("IN\\s+AAAA\\s+2001:db8::1")
				.contains("(TCP)")
				.contains("WARNING: recursion requested but not available");
		});
	}

	@Test
	void digSeesItsLetterCaseInTheQuestion() {
		TestServers.run((client) -> {
			String output = this.dig.run(server(client), port(client), "WwW.eXaMpLe.CoM", "A", "+tries=1");
			assertThat(output).contains("status: NOERROR")
				.containsPattern(";WwW\\.eXaMpLe\\.CoM\\.\\s+IN\\s+A")
				.doesNotContain("WARNING: query ID mismatch")
				.doesNotContain("Question section mismatch");
		});
	}

	@Test
	void digRetriesTruncatedAnswersOverTcp() {
		TestServers.run((client) -> {
			String output = this.dig.run(server(client), port(client), "www.example.com", "NS", "+noedns",
					"+tries=1");
			assertThat(output).contains("Truncated, retrying in TCP mode")
				.contains("ANSWER: 13,")
				.contains("(TCP)");
		}, TestServers.MANY_NAME_SERVERS);
	}

	@Test
	void digSeesNegativeAnswersAndRefusals() {
		TestServers.run((client) -> {
			assertThat(this.dig.run(server(client), port(client), "missing.www.example.com", "+tries=1"))
				.contains("status: NXDOMAIN")
				.containsPattern("www\\.example\\.com\\.\\s+10\\s+IN\\s+SOA\\s+ns1\\.www\\.example\\.com\\.");
			assertThat(this.dig.run(server(client), port(client), "example.org", "+tries=1"))
				.contains("status: REFUSED");
			assertThat(this.dig.run(server(client), port(client), "www.example.com", "AXFR", "+tries=1"))
				.contains("Transfer failed");
			assertThat(this.dig.run(server(client), port(client), "www.example.com", "+edns=1", "+noednsneg",
					"+tries=1"))
				.contains("status: BADVERS");
		});
	}

	@Test
	void kdigGetsTheAddressOverUdpAndTcp() {
		TestServers.run((client) -> {
			for (String transport : new String[] { "+notcp", "+tcp" }) {
				String output = this.kdig.run(server(client), "-p", String.valueOf(client.port()), "www.example.com",
						"A", transport, "+retry=0");
				assertThat(output).as(transport)
					.contains("status: NOERROR")
					.containsPattern("(?i)flags: qr aa")
					.containsPattern("www\\.example\\.com\\.\\s+10\\s+IN\\s+A\\s+192\\.0\\.2\\.1");
			}
		});
	}

	private static String server(DnsTestClient client) {
		return "@127.0.0.1";
	}

	private static String port(DnsTestClient client) {
		return "-p" + client.port();
	}

}
