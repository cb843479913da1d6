package dev.selfdns.dnssec;

import java.security.PrivateKey;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;

/**
 * One key of the zone: its DNSKEY record and, for a key this host signs with, its private key.
 * A peer's key (per-host mode) has only the DNSKEY: this host publishes it, never signs with it.
 *
 * @param dnskey the DNSKEY record, owned by the zone
 * @param privateKey the private key, {@code null} for a peer's key
 * @param state where the key stands
 */
public record SigningKey(DNSKEYRecord dnskey, @Nullable PrivateKey privateKey, KeyState state) {

	/**
	 * The key tag (RFC 4034 appendix B), as DS records and RRSIGs name the key.
	 * @return the tag
	 */
	public int tag() {
		return this.dnskey.getFootprint();
	}

	/**
	 * The DNSSEC algorithm number (13 ECDSA P-256 SHA-256, 15 Ed25519).
	 * @return the number
	 */
	public int algorithm() {
		return this.dnskey.getAlgorithm();
	}

	/**
	 * Whether this host signs with the key now.
	 * @return {@code true} for an active key of this host's own
	 */
	public boolean signs() {
		return this.state == KeyState.ACTIVE && this.privateKey != null;
	}

	/**
	 * The DS record the parent zone needs for this key (SHA-256, RFC 4509).
	 * @param ttl the DS record's TTL, in seconds
	 * @return the DS record
	 */
	public DSRecord ds(long ttl) {
		return new DSRecord(this.dnskey.getName(), DClass.IN, ttl, DSRecord.Digest.SHA256, this.dnskey);
	}

	@Override
	public String toString() {
		return "SigningKey[tag=" + tag() + ", algorithm=" + algorithm() + ", state=" + this.state
				+ ((this.privateKey != null) ? ", own" : ", peer's") + "]";
	}

}
