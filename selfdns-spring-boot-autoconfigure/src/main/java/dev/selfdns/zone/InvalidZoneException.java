package dev.selfdns.zone;

import org.jspecify.annotations.Nullable;

/**
 * A zone that cannot be served as built: says which setting is wrong, its value and how to fix
 * it, so the configuration that fed the builder can name its own property.
 */
public final class InvalidZoneException extends IllegalArgumentException {

	private final String setting;

	private final @Nullable Object value;

	private final String reason;

	/**
	 * Create the exception.
	 * @param setting the setting, as the {@code selfdns.*} property after its prefix:
	 * {@code addresses}, {@code name-servers}, {@code soa.serial}
	 * @param value the wrong value
	 * @param reason what is wrong and how to fix it
	 */
	public InvalidZoneException(String setting, @Nullable Object value, String reason) {
		super(setting + " '" + value + "': " + reason);
		this.setting = setting;
		this.value = value;
		this.reason = reason;
	}

	public String setting() {
		return this.setting;
	}

	public @Nullable Object value() {
		return this.value;
	}

	public String reason() {
		return this.reason;
	}

}
