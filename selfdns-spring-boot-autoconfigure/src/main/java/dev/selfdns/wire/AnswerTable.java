package dev.selfdns.wire;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.selfdns.zone.DnssecAnswers;
import dev.selfdns.zone.ServiceZone;
import org.jspecify.annotations.Nullable;

/**
 * The live answer table: one immutable {@link PreparedAnswers} snapshot behind one atomic
 * reference. A query reads the reference once and answers wholly from that snapshot; a change
 * to the zone prepares a new snapshot off the query path and swaps it in, so a query sees the
 * old zone or the new one, never a mix.
 */
public final class AnswerTable {

	private final AtomicReference<PreparedAnswers> current;

	private final @Nullable Function<ServiceZone, DnssecAnswers> signer;

	/**
	 * Create the table of an unsigned zone.
	 * @param zone the zone to serve first
	 */
	public AnswerTable(ServiceZone zone) {
		this(zone, null);
	}

	/**
	 * Create the table.
	 * @param zone the zone to serve first
	 * @param signer signs each zone served, ahead of time; {@code null} for an unsigned zone
	 */
	public AnswerTable(ServiceZone zone, @Nullable Function<ServiceZone, DnssecAnswers> signer) {
		this.signer = signer;
		this.current = new AtomicReference<>(prepare(zone));
	}

	private PreparedAnswers prepare(ServiceZone zone) {
		return new PreparedAnswers(zone, (this.signer != null) ? this.signer.apply(zone) : null);
	}

	/**
	 * The snapshot in force: read it once per query.
	 * @return the prepared answers
	 */
	public PreparedAnswers current() {
		return this.current.get();
	}

	/**
	 * The zone served now.
	 * @return the zone
	 */
	public ServiceZone zone() {
		return this.current.get().zone();
	}

	/**
	 * Serve another zone: its answers are prepared on the caller's thread, then swapped in.
	 * @param zone the zone
	 * @return the snapshot now in force
	 */
	public synchronized PreparedAnswers publish(ServiceZone zone) {
		PreparedAnswers prepared = prepare(zone);
		this.current.set(prepared);
		return prepared;
	}

	/**
	 * Change the zone served: the change sees the zone in force, and two changes (a new NS set,
	 * new addresses) never undo each other.
	 * @param change the new zone from the current one; return it unchanged to change nothing
	 * @return the zone now served
	 */
	public synchronized ServiceZone update(UnaryOperator<ServiceZone> change) {
		ServiceZone current = zone();
		ServiceZone next = change.apply(current);
		if (next != current) {
			publish(next);
		}
		return next;
	}

	/**
	 * Prepare the zone served now once more: for a signed zone, with fresh signatures.
	 * @return the snapshot now in force
	 */
	public synchronized PreparedAnswers resign() {
		return publish(zone());
	}

}
