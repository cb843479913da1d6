package dev.selfdns.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.parent.ParentDelegation;
import dev.selfdns.parent.RegistrationException;
import dev.selfdns.parent.RegistrationProblem;
import dev.selfdns.schedule.PeriodicLifecycle;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.IpAddresses;
import dev.selfdns.zone.ServiceZone;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Keeps this host's own records in the parent zone right: registers once the gate first opens,
 * re-reads the delegation every reconcile interval and writes only when the read-back differs
 * (no serial churn), retries a failing parent with a growing delay, and deregisters at shutdown
 * or retirement by compare-and-swap, never taking the NS set below its minimum. A failing
 * parent never closes the gate: resolvers already follow REFUSED. Each distinct error is
 * logged once, with its fix.
 */
public final class SelfRegistration extends PeriodicLifecycle {

	private static final Log logger = LogFactory.getLog(SelfRegistration.class);

	/** The first retry after a failure; the next ones wait longer, up to the reconcile interval. */
	private static final Duration FIRST_RETRY = Duration.ofSeconds(5);

	/**
	 * Spreads the retries (the first comes 5 to 7.5 s after a failure, the later ones between
	 * half and all of the reconcile interval), so hosts that failed together (the parent was
	 * down) do not all come back in the same instant and race for the NS set.
	 */
	private static final Duration RETRY_JITTER = Duration.ofMillis(2500);

	/** A shutdown waits this long for deregistration at most. */
	private static final Duration DEREGISTER_WITHIN = Duration.ofSeconds(10);

	private static final int SWAP_ATTEMPTS = 10;

	private final Registrar registrar;

	private final AnswerTable answers;

	private final ServingGate gate;

	private final Settings settings;

	private final Clock clock;

	private final LongSupplier nanoClock;

	/** Held while talking to the parent: the tick thread, retirement and shutdown take turns. */
	private final Object exchanges = new Object();

	private volatile RegistrationStatus status;

	private volatile long nextAttempt;

	private volatile long retireAt = Long.MAX_VALUE;

	private @Nullable BackOffExecution retries;

	private @Nullable Runnable onParentChange;

	private @Nullable String lastLogged;

	/**
	 * What a host registers and when.
	 *
	 * @param nameServer this host's name server name
	 * @param ttl the TTL of the records written, in seconds
	 * @param reconcileInterval how often the delegation is read back once registered
	 * @param deregister when the host removes itself
	 * @param addressesDiscovered whether the addresses are discovered (for
	 * {@link DeregisterPolicy#AUTO})
	 * @param minNameServers the fewest name servers a deregistration may leave
	 */
	public record Settings(Name nameServer, long ttl, Duration reconcileInterval, DeregisterPolicy deregister,
			boolean addressesDiscovered, int minNameServers) {

		boolean deregistersAtShutdown() {
			return this.deregister == DeregisterPolicy.ON_SHUTDOWN
					|| (this.deregister == DeregisterPolicy.AUTO && this.addressesDiscovered);
		}

	}

	/**
	 * Create the registration.
	 * @param scheduler the threads all periodic work runs on
	 * @param registrar what writes to the parent
	 * @param answers the live answer table: the zone and this host's addresses
	 * @param gate the gate: registration waits for it to open, retirement drains it
	 * @param settings what to register and when
	 * @param clock the time shown in the endpoint
	 * @param nanoClock the time schedules are kept in
	 * @param phase the lifecycle phase
	 */
	public SelfRegistration(SelfDnsScheduler scheduler, Registrar registrar, AnswerTable answers, ServingGate gate, Settings settings,
			Clock clock, LongSupplier nanoClock, int phase) {
		// Runs when the gate opens or closes, when asked to, when a retry or the next reconcile is
		// due, and once a reconcile interval as a safety net: never on a tick.
		super(scheduler, "registration " + answers.zone().origin(), settings.reconcileInterval(), phase);
		this.registrar = registrar;
		this.answers = answers;
		this.gate = gate;
		// The first registration waits for the gate; it comes the moment the gate opens.
		gate.onOpenChange(this::runSoon);
		this.settings = settings;
		this.clock = clock;
		this.nanoClock = nanoClock;
		this.status = new RegistrationStatus(RegistrationState.WAITING_FOR_GATE, registrar.server(), registrar.zone(),
				settings.nameServer(), "waiting for the gate to open", null, null, List.of());
	}

	/**
	 * Run something after this host changed the parent's NS set (registered or deregistered),
	 * such as reading the new set at once rather than at the next refresh.
	 * @param action what to run, on the registration's thread
	 */
	public void onParentChange(Runnable action) {
		this.onParentChange = action;
	}

	/**
	 * The TTL of the records this host writes into the parent zone.
	 * @return the TTL in seconds ({@code selfdns.registration.ttl})
	 */
	public long ttl() {
		return this.settings.ttl();
	}

	/**
	 * The registration now.
	 * @return the status
	 */
	public RegistrationStatus status() {
		return this.status;
	}

	/**
	 * What writes this zone's records to its parent.
	 * @return the registrar
	 */
	public Registrar registrar() {
		return this.registrar;
	}

	@Override
	protected void runOnce() {
		tick();
	}

	private void tick() {
		RegistrationState state = this.status.state();
		long now = this.nanoClock.getAsLong();
		if (state == RegistrationState.RETIRING) {
			if (now - this.retireAt >= 0) {
				deregister("retired");
			}
			return;
		}
		if (state == RegistrationState.DEREGISTERED || state == RegistrationState.KEPT
				|| (state == RegistrationState.WAITING_FOR_GATE && !this.gate.isOpen())
				|| now - this.nextAttempt < 0) {
			return;
		}
		reconcile();
	}

	/**
	 * Read the delegation back and register if it does not list this host as it is now. Runs
	 * on the schedule; call it to apply a change (new addresses) at once.
	 */
	public void reconcile() {
		synchronized (this.exchanges) {
			RegistrationState state = this.status.state();
			if (state == RegistrationState.RETIRING || state == RegistrationState.DEREGISTERED) {
				return;
			}
			HostRecords host = host();
			Instant attempt = this.clock.instant();
			try {
				ParentDelegation read = this.registrar.read(host.zone());
				if (this.registrar.isListed(read, host)) {
					succeeded(attempt, read, "listed; nothing to write");
					return;
				}
				this.registrar.register(host);
				ParentDelegation after = this.registrar.read(host.zone());
				if (!this.registrar.isListed(after, host)) {
					throw notApplied(host, after);
				}
				logger.info("selfdns registered " + describe(host) + " with the parent's primary at "
						+ this.registrar.server() + "; the parent's NS set is now " + after.nameServers());
				succeeded(attempt, after, "registered " + describe(host));
				parentChanged();
			}
			catch (RegistrationException ex) {
				failed(attempt, ex);
			}
		}
	}

	/**
	 * Reconcile now, not at the next interval: after this host's addresses changed, say.
	 */
	public void reconcileSoon() {
		this.nextAttempt = this.nanoClock.getAsLong();
		runSoon();
	}

	/** Look again after a delay: a retry, the next reconcile or a retirement is due then. */
	private void tickAfter(long nanos) {
		runAfter(Duration.ofNanos(Math.max(0, nanos)), this::tick);
	}

	/**
	 * Retire this host: drain it now, and deregister it once the answers' TTL has passed, so
	 * resolvers have moved on first (unless the policy is {@code never}: then it stays drained
	 * and listed).
	 * @return the status after the request
	 */
	public RegistrationStatus retire() {
		this.gate.drain("retired");
		if (this.settings.deregister() == DeregisterPolicy.NEVER) {
			return this.status;
		}
		synchronized (this.exchanges) {
			long hold = Duration.ofSeconds(this.answers.zone().ttl()).toNanos();
			this.retireAt = this.nanoClock.getAsLong() + hold;
			this.status = with(RegistrationState.RETIRING,
					"retiring: drained, deregisters after the answers' TTL (" + this.answers.zone().ttl() + " s)");
			tickAfter(hold);
		}
		return this.status;
	}

	/**
	 * Undo a retirement: register again, at the next tick, once the gate is open. Does nothing
	 * for a host that was not retired.
	 */
	public void rejoin() {
		synchronized (this.exchanges) {
			RegistrationState state = this.status.state();
			if (state == RegistrationState.RETIRING || state == RegistrationState.DEREGISTERED
					|| state == RegistrationState.KEPT) {
				this.retireAt = Long.MAX_VALUE;
				this.nextAttempt = this.nanoClock.getAsLong();
				this.status = with(RegistrationState.WAITING_FOR_GATE, "rejoining: registers once the gate is open");
				runSoon();
			}
		}
	}

	@Override
	public void stop() {
		super.stop();
		if (this.settings.deregistersAtShutdown()) {
			deregister("shut down");
		}
	}

	private void deregister(String why) {
		synchronized (this.exchanges) {
			RegistrationState state = this.status.state();
			if (state == RegistrationState.DEREGISTERED || state == RegistrationState.KEPT) {
				return;
			}
			HostRecords host = host();
			long deadline = this.nanoClock.getAsLong() + DEREGISTER_WITHIN.toNanos();
			Instant attempt = this.clock.instant();
			try {
				for (int i = 1; i <= SWAP_ATTEMPTS && this.nanoClock.getAsLong() - deadline < 0; i++) {
					ParentDelegation read = this.registrar.read(host.zone());
					int remaining = read.nameServers().size() - 1;
					if (!read.nameServers().contains(host.nameServer())) {
						finished(RegistrationState.DEREGISTERED, attempt, read, why + "; not listed by the parent");
						return;
					}
					if (remaining < this.settings.minNameServers()) {
						logger.warn("selfdns " + why + " but stays in the parent's NS set " + read.nameServers()
								+ ": removing " + host.nameServer() + " would leave " + remaining + ", fewer than "
								+ "selfdns.registration.min-name-servers (" + this.settings.minNameServers() + ")");
						finished(RegistrationState.KEPT, attempt, read,
								why + "; kept: removing it would leave " + remaining + " name servers");
						return;
					}
					try {
						this.registrar.deregister(host, read);
					}
					catch (RegistrationException ex) {
						if (ex.problem() != RegistrationProblem.CHANGED) {
							throw ex;
						}
						// Another host changed the set first: read it again, after a moment.
						pause(i);
						continue;
					}
					ParentDelegation after = this.registrar.read(host.zone());
					logger.info("selfdns " + why + ": removed " + host.nameServer() + " from the parent's NS set, now "
							+ after.nameServers());
					finished(RegistrationState.DEREGISTERED, attempt, after, why + "; deregistered");
					parentChanged();
					return;
				}
				failed(attempt, new RegistrationException(RegistrationProblem.CHANGED, "The parent's NS set kept "
						+ "changing while " + host.nameServer() + " deregistered; it is still listed"));
			}
			catch (RegistrationException ex) {
				failed(attempt, ex);
			}
		}
	}

	private void parentChanged() {
		Runnable action = this.onParentChange;
		if (action != null) {
			action.run();
		}
	}

	private static void pause(int attempt) {
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private HostRecords host() {
		ServiceZone zone = this.answers.zone();
		return new HostRecords(zone.origin(), this.settings.nameServer(), zone.addresses(), this.settings.ttl());
	}

	private RegistrationException notApplied(HostRecords host, ParentDelegation after) {
		return new RegistrationException(RegistrationProblem.NOT_APPLIED, "The parent's primary at "
				+ this.registrar.server() + " accepted the update (NOERROR), but reading it back does not show "
				+ describe(host) + " (NS set " + after.nameServers() + ", addresses of " + host.nameServer() + " "
				+ IpAddresses.formatAll(after.addressesOf(host.nameServer())) + "). BIND drops records silently "
				+ "beyond an update-policy limit such as NS(3): raise the limit to the number of hosts, and check "
				+ "that the policy grants NS at " + host.zone() + " and A and AAAA at " + host.nameServer());
	}

	private static String describe(HostRecords host) {
		return host.nameServer() + " " + IpAddresses.formatAll(host.addresses());
	}

	private void succeeded(Instant attempt, ParentDelegation read, String result) {
		if (this.lastLogged != null) {
			logger.info("selfdns registration works again: " + result);
		}
		this.lastLogged = null;
		this.retries = null;
		this.nextAttempt = this.nanoClock.getAsLong() + this.settings.reconcileInterval().toNanos();
		tickAfter(this.settings.reconcileInterval().toNanos());
		this.status = new RegistrationStatus(RegistrationState.REGISTERED, this.registrar.server(),
				this.registrar.zone(), this.settings.nameServer(), result, attempt, this.clock.instant(),
				read.nameServers());
	}

	private void finished(RegistrationState state, Instant attempt, ParentDelegation read, String result) {
		this.status = new RegistrationStatus(state, this.registrar.server(), this.registrar.zone(),
				this.settings.nameServer(), result, attempt, this.status.lastVerified(), read.nameServers());
	}

	private void failed(Instant attempt, RegistrationException ex) {
		if (!ex.getMessage().equals(this.lastLogged)) {
			logger.warn("selfdns could not register " + this.settings.nameServer() + ": " + ex.getMessage());
			this.lastLogged = ex.getMessage();
		}
		if (this.retries == null) {
			this.retries = retries(this.settings.reconcileInterval());
		}
		long retry = TimeUnit.MILLISECONDS.toNanos(this.retries.nextBackOff());
		this.nextAttempt = this.nanoClock.getAsLong() + retry;
		tickAfter(retry);
		this.status = new RegistrationStatus(RegistrationState.FAILING, this.registrar.server(), this.registrar.zone(),
				this.settings.nameServer(), ex.getMessage(), attempt, this.status.lastVerified(),
				this.status.parentNameServers());
	}

	/** Waits that double from 5 s up to the reconcile interval, with jitter, for as long as it fails. */
	static BackOffExecution retries(Duration reconcileInterval) {
		ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RETRY.toMillis(), 2);
		backOff.setMaxInterval(Math.max(FIRST_RETRY.toMillis(), reconcileInterval.toMillis()));
		backOff.setJitter(RETRY_JITTER.toMillis());
		return backOff.start();
	}

	private RegistrationStatus with(RegistrationState state, String result) {
		RegistrationStatus now = this.status;
		return new RegistrationStatus(state, now.server(), now.zone(), now.nameServer(), result, now.lastAttempt(),
				now.lastVerified(), now.parentNameServers());
	}

}
