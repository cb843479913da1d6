package dev.selfdns.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds a host name ({@code www.example.com}, a trailing dot optional) as an absolute DNS name:
 * letters, digits and inner hyphens in every label (underscores allowed, as service labels use).
 */
final class HostNameConverter implements Converter<String, Name> {

	@Override
	public @Nullable Name convert(String source) {
		// Blank is unset, so the property's own "set it" message applies.
		return source.isBlank() ? null : hostName(source.trim());
	}

	/**
	 * What is wrong with a name that did not come from this converter: when this converter
	 * refuses a value, Boot tries its own conversion next, which makes a relative name of it.
	 * @param name a bound name
	 * @return the problem, {@code null} for a host name
	 */
	static @Nullable String problem(Name name) {
		try {
			Name checked = hostName(name.toString());
			return name.isAbsolute() || checked.isAbsolute() ? null : "'" + name + "' is not an absolute name";
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

	static Name hostName(String text) {
		Name name;
		try {
			name = Name.fromString(text, Name.root);
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a domain name: " + ex.getMessage());
		}
		for (int i = 0; i < name.labels() - 1; i++) {
			String label = name.getLabelString(i);
			if (!label.matches("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?")) {
				throw new IllegalArgumentException("'" + text + "': the label '" + label + "' is not a host name "
						+ "label: use letters, digits and inner hyphens only");
			}
		}
		return name;
	}

}
