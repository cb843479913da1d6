package dev.selfdns.test;

import java.net.InetAddress;
import java.util.List;

import dev.selfdns.zone.IpAddresses;
import org.assertj.core.api.AbstractAssert;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * AssertJ assertions on a DNS response: {@code assertThat(response).isAuthoritative()
 * .answersWith("192.0.2.10")}. Start with {@link SelfDnsAssertions#assertThat(Message)}.
 */
public class DnsResponseAssert extends AbstractAssert<DnsResponseAssert, Message> {

	DnsResponseAssert(Message actual) {
		super(actual, DnsResponseAssert.class);
	}

	/**
	 * The response has this response code.
	 * @param rcode a dnsjava {@link Rcode} value
	 * @return this
	 */
	public DnsResponseAssert hasRcode(int rcode) {
		isNotNull();
		if (this.actual.getRcode() != rcode) {
			failWithMessage("Expected %s but the response was %s", Rcode.string(rcode),
					Rcode.string(this.actual.getRcode()));
		}
		return this;
	}

	/**
	 * The response says no: REFUSED, as a closed gate answers by default.
	 * @return this
	 */
	public DnsResponseAssert isRefused() {
		return hasRcode(Rcode.REFUSED);
	}

	/**
	 * The response is authoritative (AA set).
	 * @return this
	 */
	public DnsResponseAssert isAuthoritative() {
		isNotNull();
		if (!this.actual.getHeader().getFlag(Flags.AA)) {
			failWithMessage("Expected an authoritative answer (AA) but AA was not set in%n%s", this.actual);
		}
		return this;
	}

	/**
	 * The answer section holds exactly these addresses, in any order.
	 * @param addresses IPv4 or IPv6 addresses as text, e.g. {@code 192.0.2.10}, {@code ::1}
	 * @return this
	 */
	public DnsResponseAssert answersWith(String... addresses) {
		hasRcode(Rcode.NOERROR);
		List<String> answered = this.actual.getSection(Section.ANSWER)
			.stream()
			.map(DnsResponseAssert::address)
			.toList();
		List<String> expected = java.util.Arrays.stream(addresses).map(DnsResponseAssert::normalized).toList();
		if (answered.size() != expected.size() || !answered.containsAll(expected)) {
			failWithMessage("Expected the answer %s but it was %s", expected, answered);
		}
		return this;
	}

	/**
	 * The answer section is empty (NODATA, NXDOMAIN, a closed gate).
	 * @return this
	 */
	public DnsResponseAssert hasNoAnswer() {
		isNotNull();
		if (!this.actual.getSection(Section.ANSWER).isEmpty()) {
			failWithMessage("Expected no answer records but got %s", this.actual.getSection(Section.ANSWER));
		}
		return this;
	}

	private static String address(Record record) {
		if (record instanceof ARecord a) {
			return IpAddresses.format(a.getAddress());
		}
		if (record instanceof AAAARecord aaaa) {
			return IpAddresses.format(aaaa.getAddress());
		}
		return record.rdataToString();
	}

	private static String normalized(String address) {
		try {
			// Literals only: an address written any way compares as the same address.
			return IpAddresses.format(InetAddress.getByAddress(org.xbill.DNS.Address.toByteArray(address,
					address.contains(":") ? org.xbill.DNS.Address.IPv6 : org.xbill.DNS.Address.IPv4)));
		}
		catch (Exception ex) {
			return address;
		}
	}

}
