package dev.selfdns.test;

import org.xbill.DNS.Message;

/**
 * Entry point for the selfdns AssertJ assertions.
 */
public final class SelfDnsAssertions {

	private SelfDnsAssertions() {
	}

	/**
	 * Assertions on a DNS response.
	 * @param response the response, e.g. from {@link SelfDnsTestClient#udp(String, int)}
	 * @return the assertions
	 */
	public static DnsResponseAssert assertThat(Message response) {
		return new DnsResponseAssert(response);
	}

}
