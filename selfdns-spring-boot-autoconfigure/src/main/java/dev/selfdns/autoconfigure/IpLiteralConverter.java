package dev.selfdns.autoconfigure;

import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds an IP literal, refusing host names.
 */
final class IpLiteralConverter implements Converter<String, IpLiteral> {

	@Override
	public @Nullable IpLiteral convert(String source) {
		if (source.isBlank()) {
			return null;
		}
		try {
			return new IpLiteral(Address.getByAddress(source.trim()));
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + source + "' is not an IPv4 or IPv6 address; write IP literals "
					+ "such as 192.0.2.1 or 2001:db8::1, not host names");
		}
	}

}
