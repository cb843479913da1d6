package dev.selfdns.autoconfigure;

import java.util.List;

/**
 * Settings under {@code selfdns.} that selfdns does not know: a misspelt key would otherwise be
 * ignored, and the host run on a default its operator did not choose.
 */
public class UnknownSelfDnsPropertiesException extends RuntimeException {

	private final List<Unknown> unknown;

	UnknownSelfDnsPropertiesException(List<Unknown> unknown) {
		super("selfdns does not know " + unknown.stream().map(Unknown::describe).toList());
		this.unknown = List.copyOf(unknown);
	}

	/**
	 * The settings not known, in the order found.
	 * @return them
	 */
	public List<Unknown> unknown() {
		return this.unknown;
	}

	/**
	 * One setting not known.
	 *
	 * @param name its name, e.g. {@code selfdns.gate.health-grup}
	 * @param origin where it was set, {@code null} if not known
	 * @param nearest the known setting closest to it, {@code null} if none is close
	 */
	public record Unknown(String name, @org.jspecify.annotations.Nullable String origin,
			@org.jspecify.annotations.Nullable String nearest) {

		String describe() {
			return this.name + ((this.origin != null) ? " (" + this.origin + ")" : "")
					+ ((this.nearest != null) ? ": did you mean " + this.nearest + "?" : "");
		}

	}

}
