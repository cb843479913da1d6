package dev.selfdns.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds {@code host[:port]} to a {@link ServerAddress}.
 */
final class ServerAddressConverter implements Converter<String, ServerAddress> {

	@Override
	public @Nullable ServerAddress convert(String source) {
		return source.isBlank() ? null : ServerAddress.parse(source);
	}

}
