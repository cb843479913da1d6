package dev.selfdns.dnssec;

import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;

/**
 * The zone's keys as this host holds them: its own (shared-key mode: the one key every host
 * has; per-host mode: this host's) and, per-host, the other hosts' public keys. Every host
 * publishes the same DNSKEY set (RFC 8901 model 2), so a resolver that cached it from one
 * host validates the answers of any other. One algorithm across all keys.
 *
 * @param zone the zone
 * @param own this host's keys, with their private keys
 * @param peers the other hosts' public keys (per-host mode), empty for a shared key
 * @param ttl the DNSKEY set's TTL, in seconds
 */
public record KeySet(Name zone, List<SigningKey> own, List<DNSKEYRecord> peers, long ttl) {

	public KeySet {
		own = List.copyOf(own);
		peers = List.copyOf(peers);
		if (own.stream().noneMatch(SigningKey::signs)) {
			throw new IllegalArgumentException("no key is active: give at least one key with state 'active' "
					+ "(a 'published' key is in the DNSKEY set but signs nothing)");
		}
		int algorithm = own.get(0).algorithm();
		List<Integer> algorithms = new ArrayList<>();
		own.forEach((key) -> algorithms.add(key.algorithm()));
		peers.forEach((key) -> algorithms.add(key.getAlgorithm()));
		if (algorithms.stream().anyMatch((other) -> other != algorithm)) {
			throw new IllegalArgumentException("the keys use algorithms " + algorithms.stream().distinct().toList()
					+ ": every key of the zone, the peers' included, must use one algorithm (13 recommended)");
		}
		for (DNSKEYRecord peer : peers) {
			if (own.stream().anyMatch((key) -> key.dnskey().equals(peer.withName(key.dnskey().getName())))) {
				throw new IllegalArgumentException("peer key " + peer.getFootprint()
						+ " is this host's own key: list only the other hosts' keys as peer keys");
			}
		}
	}

	/**
	 * The DNSKEY RRset every host serves: own keys (published, active and retired) and peers'.
	 * @return the RRset, unsigned
	 */
	public RRset dnskeys() {
		RRset set = new RRset();
		this.own.forEach((key) -> set.addRR(key.dnskey().withName(this.zone)));
		this.peers.forEach((key) -> set.addRR(new DNSKEYRecord(this.zone, DClass.IN, this.ttl, key.getFlags(),
				key.getProtocol(), key.getAlgorithm(), key.getKey())));
		return set;
	}

	/**
	 * The DS set of the zone (SHA-256, RFC 4509): one DS for each key of the DNSKEY set, own
	 * and peers', as a parent served by the same host publishes it.
	 * @return the DS records, with the DNSKEY set's TTL
	 */
	public List<DSRecord> dsRecords() {
		List<DSRecord> ds = new ArrayList<>();
		for (Record key : dnskeys().rrs()) {
			ds.add(new DSRecord(this.zone, DClass.IN, this.ttl, DSRecord.Digest.SHA256, (DNSKEYRecord) key));
		}
		return ds;
	}

	/**
	 * The keys this host signs with.
	 * @return the active own keys
	 */
	public List<SigningKey> signers() {
		return this.own.stream().filter(SigningKey::signs).toList();
	}

}
