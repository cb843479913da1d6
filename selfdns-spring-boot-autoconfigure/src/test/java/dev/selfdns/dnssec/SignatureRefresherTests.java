package dev.selfdns.dnssec;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.gate.GateReason;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.WhenClosed;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.ServiceZone;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refresh and the clock rule with an injected clock: signatures are made anew
 * {@code refresh-before} ahead of expiry; a host whose clock goes back past their inception,
 * or whose signatures are within an hour of expiry, closes its gate with reason dnssec, and
 * opens again once they are valid.
 */
class SignatureRefresherTests {

	private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

	@Test
	void refreshesAheadOfExpiryAndClosesWhileSignaturesAreNotValid() throws Exception {
		MutableClock clock = new MutableClock(START);
		ServiceZone zone = ServiceZone.builder("www.example.com")
			.addresses(InetAddress.getByName("192.0.2.1"))
			.nameServer(Name.fromConstantString("ns1.example.net."))
			.build();
		KeySet keys = new KeySet(zone.origin(), List.of(key()), List.of(), 3600);
		DnssecSigning signing = new DnssecSigning(new ZoneSigner(keys, Duration.ofDays(14), Duration.ofHours(1), clock),
				keys);
		AnswerTable answers = new AnswerTable(zone, signing);
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, false);
		gate.applicationReady();
		SignatureRefresher refresher = new SignatureRefresher(new SelfDnsScheduler(), signing, answers, gate, Duration.ofDays(7),
				Duration.ofMinutes(1), clock, 0);
		refresher.check();
		assertThat(gate.isOpen()).isTrue();
		Instant firstExpiry = signing.last().expiration();

		clock.now = START.plus(Duration.ofDays(6));
		refresher.check();
		assertThat(signing.last().expiration()).as("not due yet").isEqualTo(firstExpiry);
		clock.now = START.plus(Duration.ofDays(7));
		refresher.check();
		assertThat(signing.last().expiration()).as("re-signed").isEqualTo(clock.now.plus(Duration.ofDays(14)));
		assertThat(gate.isOpen()).isTrue();

		// The clock goes back two hours: the signatures just made are not valid yet.
		clock.now = clock.now.minus(Duration.ofHours(2));
		refresher.check();
		assertThat(gate.state().reason()).isEqualTo(GateReason.DNSSEC);
		assertThat(gate.state().detail()).contains("the clock went back", "NTP");
		clock.now = clock.now.plus(Duration.ofHours(2));
		refresher.check();
		assertThat(gate.isOpen()).isTrue();
	}

	@Test
	void signaturesWithinAnHourOfExpiryAreNotServed() throws Exception {
		SignedZone signed = new SignedZone(new org.xbill.DNS.RRset(), java.util.Map.of(), java.util.Map.of(),
				List.of(), START, START.plus(Duration.ofDays(14)));
		assertThat(SignatureRefresher.problem(signed, START.plus(Duration.ofDays(14)).minus(Duration.ofMinutes(30))))
			.contains("expire at", "less than an hour");
		assertThat(SignatureRefresher.problem(signed, START.plus(Duration.ofDays(1)))).isNull();
	}

	private static SigningKey key() throws Exception {
		return TestKeys.newKey();
	}

	private static final class MutableClock extends Clock {

		Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
