package dev.selfdns.dnssec;

/**
 * Where a key stands in its life (RFC 7583): published before it signs, so resolvers cache
 * it first; active while it signs; retired while signatures made with it may still be cached.
 */
public enum KeyState {

	/** In the DNSKEY set, signs nothing yet. */
	PUBLISHED,

	/** In the DNSKEY set, signs every RRset. */
	ACTIVE,

	/** Still in the DNSKEY set, signs nothing any more. */
	RETIRED

}
