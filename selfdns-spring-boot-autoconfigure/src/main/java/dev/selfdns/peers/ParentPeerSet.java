package dev.selfdns.peers;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.selfdns.parent.DelegationReader;
import dev.selfdns.parent.ParentDelegation;
import dev.selfdns.parent.RegistrationException;
import dev.selfdns.schedule.PeriodicLifecycle;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.ServiceZone;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Serves the NS set the parent zone delegates with ({@code selfdns.peers.source=parent}):
 * reads the delegation every refresh interval from the first of the parent's servers that
 * answers, and swaps the answers when the set changed. Never serves an empty set: a failed or
 * empty read keeps the last one. Never serves a set without this host: its own name server is
 * kept in until the parent lists it (a host serving a set without itself sends resolvers that
 * cache it elsewhere for the whole TTL). At most 13 names, as a referral must fit 512 bytes
 * with room to spare (the root zone's 13 letters).
 * <p>
 * A fleet that starts together registers over a few seconds, so after start, and after each
 * change, the delegation is read again quickly (1, 2, 4, ... s, up to the refresh interval)
 * until it holds still: a host learns the peers that register after it within seconds, not at
 * the next refresh. A probe from a peer it does not know also reads it at once
 * ({@link #refreshSoon()}).
 */
public final class ParentPeerSet extends PeriodicLifecycle {

	private static final Log logger = LogFactory.getLog(ParentPeerSet.class);

	/** The most name servers served. */
	public static final int MAX_NAME_SERVERS = 13;

	private final List<DelegationReader> readers;

	private final AnswerTable answers;

	private volatile @Nullable String lastWarning;

	private final AtomicLong reads = new AtomicLong();

	/** A read asked for by {@link #refreshSoon()} and not yet started. */
	private final java.util.concurrent.atomic.AtomicBoolean soon = new java.util.concurrent.atomic.AtomicBoolean();

	/** The first quick re-read after start or a change; each next one waits twice as long. */
	static final Duration QUICK_FIRST = Duration.ofSeconds(1);

	private final Duration interval;

	/** Quick re-reads left in the current run of them; a change starts a new run. */
	private int quickLeft = Integer.MAX_VALUE;

	private int quickDone;

	private boolean quickScheduled;

	/**
	 * Create the peer set.
	 * @param scheduler the threads all periodic work runs on
	 * @param readers the parent's servers, in the order to try them
	 * @param answers the live answer table
	 * @param interval the time between reads
	 * @param phase the lifecycle phase
	 */
	public ParentPeerSet(SelfDnsScheduler scheduler, List<DelegationReader> readers, AnswerTable answers, Duration interval, int phase) {
		super(scheduler, "parent-ns " + answers.zone().origin(), interval, phase);
		this.readers = List.copyOf(readers);
		this.answers = answers;
		this.interval = interval;
	}


	@Override
	protected void runOnce() {
		refresh();
	}

	@Override
	public synchronized void start() {
		// A stop dropped any quick re-read pending: a (re)started host reads quickly again.
		this.quickScheduled = false;
		this.quickDone = 0;
		this.quickLeft = Integer.MAX_VALUE;
		super.start();
	}

	/**
	 * Successful reads since start.
	 * @return the number
	 */
	public long reads() {
		return this.reads.get();
	}

	/**
	 * Read the parent's delegation as soon as this lifecycle's thread is free; asked again
	 * before that read starts, it still reads once.
	 */
	public void refreshSoon() {
		if (this.soon.compareAndSet(false, true)) {
			runSoon();
		}
	}

	/** Read the parent's delegation once and serve its NS set if it changed. */
	public void refresh() {
		this.soon.set(false);
		read();
		// A failed read too: the parent may be starting with the fleet.
		scheduleQuick();
	}

	private synchronized void scheduleQuick() {
		if (this.quickScheduled || this.quickLeft <= 0) {
			return;
		}
		Duration delay = QUICK_FIRST.multipliedBy(1L << Math.min(this.quickDone, 20));
		if (delay.compareTo(this.interval) >= 0) {
			this.quickLeft = 0;
			return;
		}
		this.quickScheduled = runAfter(delay, () -> {
			synchronized (this) {
				this.quickScheduled = false;
			}
			refresh();
		});
		if (this.quickScheduled) {
			this.quickDone++;
			this.quickLeft--;
		}
	}

	private synchronized void changed() {
		// Another host just registered or left: others may follow within seconds.
		this.quickDone = 0;
		this.quickLeft = Integer.MAX_VALUE;
	}

	/** One read; {@code true} if the parent answered. */
	private boolean read() {
		Name origin = this.answers.zone().origin();
		ParentDelegation delegation = null;
		List<String> problems = new ArrayList<>();
		for (DelegationReader reader : this.readers) {
			try {
				delegation = reader.read(origin);
				break;
			}
			catch (RegistrationException ex) {
				problems.add(ex.getMessage());
			}
		}
		if (delegation == null) {
			warnOnce("selfdns could not read the parent's NS set for " + origin + "; serving the last one read. "
					+ String.join(" ", problems));
			return false;
		}
		if (delegation.nameServers().isEmpty()) {
			// A new fleet: no host has registered yet.
			infoOnce("The parent does not delegate " + origin + " yet; serving " + names(this.answers.zone()));
			return true;
		}
		List<NameServer> set = withSelf(origin, nameServers(origin, delegation));
		if (set.isEmpty()) {
			warnOnce("The parent lists no usable NS records for " + origin + "; serving " + names(this.answers.zone()));
			return true;
		}
		this.lastWarning = null;
		this.reads.incrementAndGet();
		ServiceZone before = this.answers.zone();
		ServiceZone after = this.answers.update((zone) -> zone.withNameServers(set));
		if (after != before) {
			logger.info("NS set changed: " + changes(before.nameServers(), after.nameServers()));
			if (!names(before).equals(names(after))) {
				changed();
			}
		}
		return true;
	}

	/**
	 * The parent's set with this host in it: before its registration lands (or while the parent
	 * lags) the parent's set lacks it, and a set without itself would send resolvers away.
	 */
	private List<NameServer> withSelf(Name origin, List<NameServer> set) {
		ServiceZone zone = this.answers.zone();
		Name own = zone.ownNameServer();
		if (own == null || set.isEmpty() || set.stream().anyMatch((ns) -> ns.name().equals(own))) {
			return set;
		}
		boolean inZone = own.subdomain(origin);
		if (inZone && zone.addresses().isEmpty()) {
			// An in-zone name server needs its glue, and this host has no address yet.
			return set;
		}
		List<NameServer> with = new ArrayList<>(set);
		if (with.size() == MAX_NAME_SERVERS) {
			// At the cap, this host takes the last place: a set without itself is the worse one.
			with.remove(with.size() - 1);
		}
		with.add(new NameServer(own, inZone ? zone.addresses() : List.of()));
		return with;
	}

	private List<NameServer> nameServers(Name origin, ParentDelegation delegation) {
		List<NameServer> set = new ArrayList<>();
		for (Name name : delegation.nameServers()) {
			List<InetAddress> addresses = delegation.addressesOf(name);
			if (name.subdomain(origin) && addresses.isEmpty()) {
				// The zone must serve an in-zone name server's addresses; without glue it cannot.
				warnOnce("The parent delegates " + origin + " to " + name + " but holds no glue for it; left out");
				continue;
			}
			if (set.size() == MAX_NAME_SERVERS) {
				warnOnce("The parent lists " + delegation.nameServers().size() + " name servers for " + origin
						+ "; serving the first " + MAX_NAME_SERVERS);
				break;
			}
			set.add(new NameServer(name, addresses));
		}
		return set;
	}

	private static String changes(List<NameServer> before, List<NameServer> after) {
		List<String> changes = new ArrayList<>();
		List<Name> old = before.stream().map(NameServer::name).toList();
		List<Name> now = after.stream().map(NameServer::name).toList();
		now.stream().filter((name) -> !old.contains(name)).forEach((name) -> changes.add("+" + name.toString(true)));
		old.stream().filter((name) -> !now.contains(name)).forEach((name) -> changes.add("-" + name.toString(true)));
		if (changes.isEmpty()) {
			changes.add("addresses of " + now.stream().map((name) -> name.toString(true)).toList());
		}
		return String.join(" ", changes);
	}

	private static List<String> names(ServiceZone zone) {
		return zone.nameServers().stream().map((ns) -> ns.name().toString(true)).toList();
	}

	private void infoOnce(String message) {
		if (!message.equals(this.lastWarning)) {
			logger.info(message);
			this.lastWarning = message;
		}
	}

	private void warnOnce(String message) {
		if (!message.equals(this.lastWarning)) {
			logger.warn(message);
			this.lastWarning = message;
		}
	}

}
