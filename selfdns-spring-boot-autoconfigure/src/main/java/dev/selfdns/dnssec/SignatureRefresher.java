package dev.selfdns.dnssec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.schedule.PeriodicLifecycle;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.wire.AnswerTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the served signatures valid: re-signs the zone once they are within
 * {@code refresh-before} of expiring, and applies the clock rule: a host whose signatures are
 * not valid now (their inception after this host's clock, or expiry within an hour) closes its
 * gate with reason {@code dnssec}, because validating resolvers would reject its answers, while
 * REFUSED sends them to a host whose answers validate.
 */
public final class SignatureRefresher extends PeriodicLifecycle {

	private static final Log logger = LogFactory.getLog(SignatureRefresher.class);

	/** Signatures that expire sooner than this are not served (the clock rule). */
	public static final Duration MIN_REMAINING = Duration.ofHours(1);

	private final DnssecSigning signing;

	private final AnswerTable answers;

	private final ServingGate gate;

	private final Duration refreshBefore;

	private final Clock clock;

	private volatile @Nullable FleetKeyCheck fleetCheck;

	private @Nullable String lastDisagreement;

	/**
	 * Create the refresher.
	 * @param scheduler the threads all periodic work runs on
	 * @param signing what signs the zone
	 * @param answers the answer table, re-prepared to re-sign
	 * @param gate the gate the clock rule closes
	 * @param refreshBefore how long before expiry signatures are made anew
	 * @param interval how often to check
	 * @param clock this host's clock
	 * @param phase the lifecycle phase
	 */
	public SignatureRefresher(SelfDnsScheduler scheduler, DnssecSigning signing, AnswerTable answers, ServingGate gate, Duration refreshBefore,
			Duration interval, Clock clock, int phase) {
		super(scheduler, "dnssec " + answers.zone().origin(), interval, phase);
		this.signing = signing;
		this.answers = answers;
		this.gate = gate;
		this.refreshBefore = refreshBefore;
		this.clock = clock;
	}

	/**
	 * What signs the zone.
	 * @return the signing
	 */
	public DnssecSigning signing() {
		return this.signing;
	}

	/**
	 * What checks the peers' DNSKEY sets and the parent's DS set.
	 * @return the check, {@code null} for none
	 */
	public @Nullable FleetKeyCheck fleetCheck() {
		return this.fleetCheck;
	}

	/**
	 * Also check, at each run, that the peers publish this host's DNSKEY set and the parent holds
	 * its DS set; a disagreement is logged once.
	 * @param check the check
	 */
	public void setFleetCheck(@Nullable FleetKeyCheck check) {
		this.fleetCheck = check;
	}

	@Override
	protected void runOnce() {
		check();
		FleetKeyCheck check = this.fleetCheck;
		if (check != null) {
			report(check.check());
		}
	}

	private void report(FleetKeyCheck.Result result) {
		String disagreement = result.agrees() ? null : describe(result);
		if (disagreement != null && !disagreement.equals(this.lastDisagreement)) {
			logger.warn("selfdns DNSSEC keys disagree across the fleet: " + disagreement);
		}
		else if (disagreement == null && this.lastDisagreement != null) {
			logger.info("selfdns DNSSEC keys agree across the fleet again");
		}
		this.lastDisagreement = disagreement;
	}

	private static String describe(FleetKeyCheck.Result result) {
		StringBuilder text = new StringBuilder("this host publishes keys ").append(result.ownTags());
		for (FleetKeyCheck.PeerKeys peer : result.peers()) {
			if (peer.tags() != null && !peer.same()) {
				text.append("; ").append(peer.nameServer()).append(" at ").append(peer.address())
					.append(" publishes ").append(peer.tags());
			}
		}
		FleetKeyCheck.ParentDs ds = result.parentDs();
		if (ds != null && !ds.matches()) {
			text.append("; the parent at ").append(ds.server());
			if (ds.error() != null) {
				text.append(" could not be read: ").append(ds.error());
			}
			else {
				text.append(" lacks DS ").append(ds.missing()).append(" and has DS ").append(ds.unknown())
					.append(" of no key published");
			}
		}
		return text.append(". A resolver that cached one host's DNSKEY set rejects the answers of a host whose key "
				+ "it lacks: publish every key on every host (selfdns.dnssec.peer-keys) and their DS in the parent")
			.toString();
	}

	/** Re-sign if due, then apply the clock rule. */
	public void check() {
		Instant now = this.clock.instant();
		SignedZone signed = this.signing.last();
		if (signed == null || !now.isBefore(signed.expiration().minus(this.refreshBefore))) {
			this.answers.resign();
			signed = this.signing.last();
			if (signed != null) {
				logger.info("selfdns signed " + this.answers.zone().origin() + " anew, valid from "
						+ signed.inception() + " to " + signed.expiration());
			}
		}
		this.gate.dnssec((signed != null) ? problem(signed, now) : "the zone is not signed yet");
	}

	/**
	 * When the next re-signing is due.
	 * @return the instant, {@code null} before the first signing
	 */
	public @Nullable Instant nextRefresh() {
		SignedZone signed = this.signing.last();
		return (signed != null) ? signed.expiration().minus(this.refreshBefore) : null;
	}

	static @Nullable String problem(SignedZone signed, Instant now) {
		if (now.isBefore(signed.inception())) {
			return "its DNSSEC signatures are valid from " + signed.inception() + ", after this host's clock ("
					+ now + "): the clock went back; synchronise it with NTP";
		}
		if (now.isAfter(signed.expiration().minus(MIN_REMAINING))) {
			return "its DNSSEC signatures expire at " + signed.expiration() + ", less than an hour after this host's "
					+ "clock (" + now + "): they were not refreshed, or the clock is ahead; synchronise it with NTP";
		}
		return null;
	}

}
