package dev.selfdns.autoconfigure;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which {@code selfdns.*} settings are not known, where each was set, and the setting each
 * most likely meant.
 */
class UnknownSelfDnsPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<UnknownSelfDnsPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownSelfDnsPropertiesException cause) {
		String list = cause.unknown()
			.stream()
			.map((unknown) -> "\t- " + unknown.describe())
			.collect(Collectors.joining("\n"));
		return new FailureAnalysis("selfdns does not know these settings, so they would be ignored:\n" + list,
				"Correct each name (the settings are listed in docs/getting-started.md and your IDE's completion), "
						+ "or remove it.",
				cause);
	}

}
