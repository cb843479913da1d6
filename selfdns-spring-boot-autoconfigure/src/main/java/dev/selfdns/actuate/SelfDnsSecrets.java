package dev.selfdns.actuate;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks selfdns's own secrets in the {@code env} and {@code configprops} endpoints, whatever
 * their {@code show-values} setting: the cookie secret, every TSIG secret and every DNSSEC
 * private key, under any of the names Boot binds them from (the property, its environment
 * variable form).
 */
public final class SelfDnsSecrets implements SanitizingFunction {

	@Override
	public SanitizableData apply(SanitizableData data) {
		return isSecret(data.getKey()) ? data.withSanitizedValue() : data;
	}

	/**
	 * Whether a key names one of selfdns's secrets.
	 * @param key a property name or environment variable, e.g. {@code selfdns.cookies.secret} or
	 * {@code SELFDNS_ZONES_1_REGISTRATION_KEY_SECRET}
	 * @return {@code true} to mask its value
	 */
	static boolean isSecret(String key) {
		// One form for every binding: lower case, letters and digits only, so that
		// selfdns.dnssec.keys[0].private-key and SELFDNS_DNSSEC_KEYS_0_PRIVATEKEY compare alike.
		String plain = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		return plain.startsWith("selfdns") && (plain.endsWith("secret") || plain.endsWith("privatekey"));
	}

}
