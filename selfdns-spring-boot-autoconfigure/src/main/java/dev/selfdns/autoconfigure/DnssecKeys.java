package dev.selfdns.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.selfdns.dnssec.DnssecMode;
import dev.selfdns.dnssec.KeyReader;
import dev.selfdns.dnssec.KeySet;
import dev.selfdns.dnssec.SigningKey;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * The zone's {@link KeySet} from {@code selfdns.dnssec.*}: each private key read from its file
 * or from the value itself, the peers' keys parsed. Every problem is an
 * {@link IllegalArgumentException} whose message starts with the property it is about and
 * never contains key material.
 */
final class DnssecKeys {

	private DnssecKeys() {
	}

	static KeySet keySet(SelfDnsProperties.Dnssec dnssec, Name zone) {
		return keySet(dnssec, zone, "selfdns.dnssec");
	}

	/**
	 * The key set of one zone.
	 * @param dnssec the zone's DNSSEC settings
	 * @param zone the zone, the owner of its DNSKEY set
	 * @param prefix where its keys are set, {@code selfdns.dnssec} or
	 * {@code selfdns.zones[i].dnssec}, for messages
	 * @return the key set
	 */
	static KeySet keySet(SelfDnsProperties.Dnssec dnssec, Name zone, String prefix) {
		long ttl = dnssec.getDnskeyTtl().toSeconds();
		if (dnssec.getKeys().isEmpty()) {
			throw new IllegalArgumentException(prefix + ".keys: give this host's key, e.g. "
					+ "selfdns.dnssec.keys[0].private-key=file:/etc/selfdns/Kwww.example.com.+013+12345.private "
					+ "(from 'dnssec-keygen -a 13 -f KSK www.example.com')");
		}
		List<SigningKey> own = new ArrayList<>();
		for (int i = 0; i < dnssec.getKeys().size(); i++) {
			SelfDnsProperties.DnssecKey key = dnssec.getKeys().get(i);
			String property = prefix + ".keys[" + i + "].private-key";
			String text = key.getPrivateKey();
			if (text == null || text.isBlank()) {
				throw new IllegalArgumentException(property + ": set it to 'file:<path>' or to the key itself");
			}
			try {
				own.add(KeyReader.read(load(text, property), zone, ttl, key.getState()));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(property + ": " + ex.getMessage());
			}
		}
		if (dnssec.getMode() == DnssecMode.SHARED_KEY && !dnssec.getPeerKeys().isEmpty()) {
			throw new IllegalArgumentException(prefix + ".peer-keys: peer keys are for "
					+ "selfdns.dnssec.mode=per-host-key; with a shared key every host has the same keys");
		}
		List<DNSKEYRecord> peers = new ArrayList<>();
		for (int i = 0; i < dnssec.getPeerKeys().size(); i++) {
			try {
				peers.add(KeyReader.peerKey(dnssec.getPeerKeys().get(i), zone, ttl));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(prefix + ".peer-keys[" + i + "]: " + ex.getMessage());
			}
		}
		try {
			return new KeySet(zone, own, peers, ttl);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(prefix + ".keys: " + ex.getMessage());
		}
	}

	private static String load(String value, String property) {
		String trimmed = value.trim();
		if (!trimmed.startsWith("file:") && !trimmed.startsWith("classpath:")) {
			return trimmed;
		}
		Resource resource = new DefaultResourceLoader().getResource(trimmed);
		try {
			return resource.getContentAsString(StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(property + ": cannot read " + trimmed + " (" + ex.getMessage() + ")");
		}
	}

}
