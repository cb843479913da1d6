package dev.selfdns.dnssec;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.selfdns.zone.HostState;
import dev.selfdns.zone.ServiceZone;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signing ahead of time, checked with dnsjava's validator: every RRset and the NSEC chain
 * verify against the host's DNSKEY set, the chain is in canonical order with the right type
 * bitmaps, wildcard signatures have Labels = labels(zone), and the cross-host invariant holds
 * for a shared key and for per-host keys published on every host, and fails for per-host keys
 * without them (the setup that breaks fail-over).
 */
class ZoneSignerTests {

	private static final Name ORIGIN = Name.fromConstantString("www.example.com.");

	private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void everyRrsetAndTheNsecChainVerifyAgainstTheHostsDnskeySet() throws Exception {
		SigningKey key = newKey();
		ServiceZone zone = zone(1, false);
		SignedZone signed = signer(new KeySet(ORIGIN, List.of(key), List.of(), 3600)).sign(zone);
		List<RRset> all = rrsetsOf(zone, signed);
		assertThat(all).hasSizeGreaterThan(5);
		for (RRset rrset : all) {
			assertThat(rrset.sigs()).as("%s %s", rrset.getName(), Type.string(rrset.getType())).isNotEmpty();
			verifyAgainst(signed.dnskeys(), rrset);
		}
		for (HostState state : HostState.values()) {
			RRset txt = new RRset();
			zone.probeAnswer(state, Type.TXT).answer().forEach(txt::addRR);
			signed.probe().get(state).forEach(txt::addRR);
			verifyAgainst(signed.dnskeys(), txt);
		}
		assertThat(signed.inception()).isEqualTo(NOW.minus(Duration.ofHours(1)));
		assertThat(signed.expiration()).isEqualTo(NOW.plus(Duration.ofDays(14)));
	}

	@Test
	void theNsecChainIsCanonicalWithTheTypesEachNameOwns() {
		ServiceZone zone = zone(1, true);
		SignedZone signed = signer(new KeySet(ORIGIN, List.of(newKey()), List.of(), 3600)).sign(zone);
		List<NSECRecord> chain = signed.chain();
		assertThat(chain).extracting((nsec) -> nsec.getName().toString())
			.containsExactly("www.example.com.", "*.www.example.com.", "_selfdns.www.example.com.",
					"ns1.dns.www.example.com.");
		for (int i = 0; i < chain.size(); i++) {
			assertThat(chain.get(i).getNext()).isEqualTo(chain.get((i + 1) % chain.size()).getName());
		}
		assertThat(types(chain.get(0))).containsExactlyInAnyOrder(Type.A, Type.NS, Type.SOA, Type.RRSIG, Type.NSEC,
				Type.DNSKEY);
		assertThat(types(chain.get(1))).containsExactlyInAnyOrder(Type.A, Type.RRSIG, Type.NSEC);
		assertThat(types(chain.get(2))).containsExactlyInAnyOrder(Type.TXT, Type.RRSIG, Type.NSEC);
		assertThat(types(chain.get(3))).containsExactlyInAnyOrder(Type.A, Type.RRSIG, Type.NSEC);
		assertThat(chain.get(0).getTTL()).as("RFC 9077: min(SOA TTL, minimum)").isEqualTo(10);
		assertThat(signed.nsecAt(Name.fromConstantString("dns.www.example.com."))).as("an empty non-terminal").isNull();
		assertThat(signed.covering(Name.fromConstantString("zz.www.example.com.")).getName().toString())
			.isEqualTo("ns1.dns.www.example.com.");
		assertThat(signed.covering(Name.fromConstantString("a.www.example.com.")).getName().toString())
			.isEqualTo("_selfdns.www.example.com.");
		RRSIGRecord wildcard = signed.signaturesOf(ZoneSigner.wildcard(ORIGIN), Type.A).get(0);
		assertThat(wildcard.getLabels()).as("labels(zone), the * not counted").isEqualTo(ORIGIN.labels() - 1);
	}

	@Test
	void aSharedKeySignsAlikeOnEveryHost() throws Exception {
		SigningKey shared = newKey();
		SignedZone host1 = signer(new KeySet(ORIGIN, List.of(shared), List.of(), 3600)).sign(zone(1, true));
		ServiceZone zone2 = zone(2, true);
		SignedZone host2 = signer(new KeySet(ORIGIN, List.of(shared), List.of(), 3600)).sign(zone2);
		for (RRset rrset : rrsetsOf(zone2, host2)) {
			verifyAgainst(host1.dnskeys(), rrset);
		}
	}

	@Test
	void perHostKeysVerifyAcrossHostsOnlyWhenEveryHostPublishesEveryKey() throws Exception {
		SigningKey key1 = newKey();
		SigningKey key2 = newKey();
		ServiceZone zone2 = zone(2, true);
		SignedZone crossPublished1 = signer(new KeySet(ORIGIN, List.of(key1), List.of(key2.dnskey()), 3600))
			.sign(zone(1, true));
		SignedZone crossPublished2 = signer(new KeySet(ORIGIN, List.of(key2), List.of(key1.dnskey()), 3600)).sign(zone2);
		assertThat(records(crossPublished1.dnskeys())).containsExactlyInAnyOrderElementsOf(records(crossPublished2.dnskeys()));
		for (RRset rrset : rrsetsOf(zone2, crossPublished2)) {
			verifyAgainst(crossPublished1.dnskeys(), rrset);
		}
		// Without the peers' keys, host 1's DNSKEY set cannot validate host 2's answers.
		SignedZone alone1 = signer(new KeySet(ORIGIN, List.of(key1), List.of(), 3600)).sign(zone(1, true));
		SignedZone alone2 = signer(new KeySet(ORIGIN, List.of(key2), List.of(), 3600)).sign(zone2);
		RRset apex = rrsetsOf(zone2, alone2).get(0);
		assertThatThrownBy(() -> verifyAgainst(alone1.dnskeys(), apex)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("no key of the DNSKEY set verifies");
	}

	@Test
	void keySetsThatCannotWorkAreRefusedWithTheFix() {
		SigningKey active = newKey();
		SigningKey published = new SigningKey(newKey().dnskey(), null, KeyState.PUBLISHED);
		assertThatIllegalArgumentException().isThrownBy(() -> new KeySet(ORIGIN, List.of(published), List.of(), 3600))
			.withMessageContaining("no key is active");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeySet(ORIGIN, List.of(active), List.of(active.dnskey()), 3600))
			.withMessageContaining("is this host's own key");
		DNSKEYRecord ed25519 = new DNSKEYRecord(ORIGIN, DClass.IN, 3600, 257, 3, DNSSEC.Algorithm.ED25519, new byte[32]);
		assertThatIllegalArgumentException().isThrownBy(() -> new KeySet(ORIGIN, List.of(active), List.of(ed25519), 3600))
			.withMessageContaining("must use one algorithm");
	}

	private static ZoneSigner signer(KeySet keys) {
		return new ZoneSigner(keys, Duration.ofDays(14), Duration.ofHours(1), CLOCK);
	}

	/** Host i: address 192.0.2.i, one in-zone name server under an empty non-terminal. */
	private static ServiceZone zone(int host, boolean wildcard) {
		try {
			return ServiceZone.builder(ORIGIN)
				.addresses(InetAddress.getByName("192.0.2." + host))
				.nameServer(Name.fromConstantString("ns1.dns.www.example.com."), InetAddress.getByName("192.0.2.1"))
				.wildcard(wildcard)
				.build();
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	/** Every RRset the zone serves, the apex's A first, with its RRSIGs; then the NSEC chain. */
	private static List<RRset> rrsetsOf(ServiceZone zone, SignedZone signed) {
		List<RRset> sets = new ArrayList<>();
		for (int type : new int[] { Type.A, Type.SOA, Type.NS }) {
			sets.add(withSignatures(zone.answer(ORIGIN, type, DClass.IN).answer(), signed));
		}
		sets.add(withSignatures(zone.answer(Name.fromConstantString("ns1.dns.www.example.com."), Type.A, DClass.IN)
			.answer(), signed));
		sets.add(signed.dnskeys());
		sets.addAll(signed.nsec());
		return sets;
	}

	private static RRset withSignatures(List<Record> records, SignedZone signed) {
		RRset set = new RRset();
		records.forEach(set::addRR);
		signed.signaturesOf(set.getName(), set.getType()).forEach(set::addRR);
		return set;
	}

	private static void verifyAgainst(RRset dnskeys, RRset rrset) throws Exception {
		for (RRSIGRecord rrsig : rrset.sigs()) {
			boolean verified = false;
			for (Record record : dnskeys.rrs()) {
				DNSKEYRecord key = (DNSKEYRecord) record;
				if (key.getFootprint() == rrsig.getFootprint()) {
					DNSSEC.verify(rrset, rrsig, key, NOW);
					verified = true;
				}
			}
			if (!verified) {
				throw new AssertionError("no key of the DNSKEY set verifies the RRSIG of " + rrset.getName() + " "
						+ Type.string(rrset.getType()) + " by key " + rrsig.getFootprint());
			}
		}
	}

	private static List<Integer> types(NSECRecord nsec) {
		return java.util.Arrays.stream(nsec.getTypes()).boxed().toList();
	}

	private static List<Record> records(RRset set) {
		return set.rrs();
	}

	private static SigningKey newKey() {
		return TestKeys.newKey();
	}

}
