package dev.selfdns.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports every mistake of a {@code selfdns.*} configuration at once, each under the name it is
 * written with ({@code selfdns.gate.fail-open.after}), with its value as written, where it was
 * set, and the fix. Boot's own report names nested settings as fields ({@code failOpen}), shows
 * durations as {@code PT0S} and cannot say where a nested setting came from. Secrets and keys
 * are never shown.
 */
final class SelfDnsConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
		implements Ordered {

	private static final ConfigurationPropertyName SELFDNS = ConfigurationPropertyName.of("selfdns");

	private final @Nullable Environment environment;

	SelfDnsConfigurationFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		if (!SELFDNS.equals(errors.getName())) {
			return null;
		}
		List<ObjectError> all = errors.getAllErrors();
		StringBuilder description = new StringBuilder(String.format("selfdns found %d %s in its configuration:%n",
				all.size(), (all.size() == 1) ? "mistake" : "mistakes"));
		for (ObjectError error : all) {
			// An error of no one field names its setting as its code, and shows no value (a secret's).
			String name = (error instanceof FieldError field) ? "selfdns." + field.getField() : error.getCode();
			ConfigurationProperty set = find(name);
			description.append(String.format("%n    Property: %s", name));
			if (error instanceof FieldError field && !secret(name)) {
				description.append(String.format("%n    Value: %s", value(set, field.getRejectedValue())));
			}
			Origin origin = (set != null) ? set.getOrigin() : null;
			if (origin != null) {
				description.append(String.format("%n    Origin: %s", origin));
			}
			description.append(String.format("%n    Reason: %s%n", error.getDefaultMessage()));
		}
		return new FailureAnalysis(description.toString(),
				"Fix each setting above: these are all the mistakes found, so the next start gets past them.",
				cause);
	}

	/** The value as written where it was set, else the value in effect (a default). */
	private static String value(@Nullable ConfigurationProperty set, @Nullable Object rejected) {
		if (set != null) {
			return "\"" + set.getValue() + "\"";
		}
		if (rejected == null || (rejected instanceof Collection<?> list && list.isEmpty())) {
			return "(not set)";
		}
		String shown = (rejected instanceof Duration duration) ? DurationStyle.SIMPLE.print(duration)
				: String.valueOf(rejected);
		return "\"" + shown + "\" (the default)";
	}

	private static boolean secret(@Nullable String name) {
		String lower = (name != null) ? name.toLowerCase(Locale.ROOT) : "";
		return lower.endsWith("secret") || lower.contains("private-key") || lower.contains(".keys");
	}

	private @Nullable ConfigurationProperty find(@Nullable String name) {
		if (this.environment == null || name == null || !ConfigurationPropertyName.isValid(name)) {
			return null;
		}
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(property);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	/** Before Boot's own report of the same failure, which would show the settings as fields. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
