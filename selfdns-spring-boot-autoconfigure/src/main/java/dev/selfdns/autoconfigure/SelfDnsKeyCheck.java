package dev.selfdns.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.StreamUtils;

/**
 * Fails start-up on a setting under {@code selfdns.} that selfdns does not know, naming it, where
 * it was set and the known setting nearest to it: {@code selfdns.gate.health-grup} would
 * otherwise gate the host on overall health without anyone knowing. Environment variables are
 * left out: {@code SELFDNS_*} variables of other tools share the prefix.
 */
final class SelfDnsKeyCheck {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	/** A property's name in the metadata file, as the configuration processor writes it. */
	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(selfdns\\.[^\"]+)\"");

	private static final Pattern ZONE = Pattern.compile("^selfdns\\.zones\\[(\\d+)]\\.(.+)$");

	private SelfDnsKeyCheck() {
	}

	/**
	 * Check the environment's {@code selfdns.*} settings.
	 * @param environment the environment
	 * @param converters the converters the properties bind with
	 * @throws UnknownSelfDnsPropertiesException if one is not known
	 */
	static void check(ConfigurableEnvironment environment, List<Converter<?, ?>> converters) {
		ApplicationConversionService conversion = new ApplicationConversionService();
		converters.forEach(conversion::addConverter);
		Binder binder = new Binder(ConfigurationPropertySources.get(environment),
				new PropertySourcesPlaceholdersResolver(environment), conversion);
		BindHandler handler = new NoUnboundElementsBindHandler(BindHandler.DEFAULT,
				(source) -> !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource));
		try {
			binder.bind("selfdns", Bindable.of(SelfDnsProperties.class), handler);
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				List<UnknownSelfDnsPropertiesException.Unknown> unknown = unknown(unbound.getUnboundProperties());
				if (!unknown.isEmpty()) {
					throw new UnknownSelfDnsPropertiesException(unknown);
				}
			}
			// Any other binding problem is the real binding's to report, with its own message.
		}
	}

	private static List<UnknownSelfDnsPropertiesException.Unknown> unknown(Set<ConfigurationProperty> properties) {
		List<String> known = knownNames();
		List<UnknownSelfDnsPropertiesException.Unknown> unknown = new ArrayList<>();
		for (ConfigurationProperty property : properties) {
			if (property.getValue() instanceof String value && value.isBlank()) {
				// An empty value sets nothing (a known setting left empty binds to nothing, too).
				continue;
			}
			String name = property.getName().toString();
			unknown.add(new UnknownSelfDnsPropertiesException.Unknown(name,
					(property.getOrigin() != null) ? property.getOrigin().toString() : null, nearest(name, known)));
		}
		return unknown;
	}

	/**
	 * The names in the configuration metadata the build generates from the properties class
	 * (every jar has a file of that name: the selfdns names are picked out of all of them).
	 */
	static List<String> knownNames() {
		Set<String> names = new LinkedHashSet<>();
		try {
			Enumeration<URL> files = SelfDnsKeyCheck.class.getClassLoader().getResources(METADATA);
			while (files.hasMoreElements()) {
				try (InputStream in = files.nextElement().openStream()) {
					Matcher name = NAME.matcher(StreamUtils.copyToString(in, StandardCharsets.UTF_8));
					while (name.find()) {
						names.add(name.group(1));
					}
				}
			}
		}
		catch (IOException ex) {
			// Without the metadata the names are still reported, only without a suggestion.
		}
		return List.copyOf(names);
	}

	/**
	 * The known name nearest to a misspelt one, within a few edits; a zone's own settings
	 * ({@code selfdns.zones[i].…}) are matched against the one-zone names under that zone.
	 */
	static @Nullable String nearest(String name, List<String> known) {
		Matcher zone = ZONE.matcher(name);
		String prefix = "selfdns.";
		String rest = name.substring(prefix.length());
		if (zone.matches()) {
			prefix = "selfdns.zones[" + zone.group(1) + "].";
			rest = zone.group(2);
		}
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			String candidateRest = candidate.substring("selfdns.".length());
			int distance = distance(rest, candidateRest);
			if (distance < bestDistance) {
				bestDistance = distance;
				best = prefix + candidateRest;
			}
		}
		// Close enough to be a slip of the keyboard, not a different setting.
		return (best != null && bestDistance <= Math.max(2, rest.length() / 4)) ? best : null;
	}

	/** Levenshtein distance. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
