package dev.selfdns.zone;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpAddresses}: the examples of RFC 5952 section 4.
 */
class IpAddressesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(textBlock = """
			0:0:0:0:0:0:0:1,          ::1
			0:0:0:0:0:0:0:0,          ::
			2001:db8:0:0:0:0:0:10,    2001:db8::10
			2001:0DB8:0:0:0:0:2:1,    2001:db8::2:1
			2001:db8:0:1:1:1:1:1,     2001:db8:0:1:1:1:1:1
			2001:0:0:1:0:0:0:1,       2001:0:0:1::1
			2001:db8:0:0:1:0:0:1,     2001:db8::1:0:0:1
			1:0:0:0:0:0:0:0,          1::
			fe80:0:0:0:0:0:0:a,       fe80::a
			192.0.2.1,                192.0.2.1
			""")
	void formatsAsPeopleWriteIt(String address, String expected) throws Exception {
		assertThat(IpAddresses.format(InetAddress.getByName(address))).isEqualTo(expected);
	}

}
