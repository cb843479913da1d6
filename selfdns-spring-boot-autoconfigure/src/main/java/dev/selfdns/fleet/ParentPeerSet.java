package dev.selfdns.fleet;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.selfdns.schedule.PeriodicLifecycle;
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
 * empty read keeps the last one. At most 13 names, as a referral must fit 512 bytes with
 * room to spare (the root zone's 13 letters).
 */
public final class ParentPeerSet extends PeriodicLifecycle {

	private static final Log logger = LogFactory.getLog(ParentPeerSet.class);

	/** The most name servers served. */
	public static final int MAX_NAME_SERVERS = 13;

	private final List<DelegationReader> readers;

	private final AnswerTable answers;

	private volatile @Nullable String lastWarning;

	private final AtomicLong reads = new AtomicLong();

	/**
	 * Create the peer set.
	 * @param readers the parent's servers, in the order to try them
	 * @param answers the live answer table
	 * @param interval the time between reads
	 * @param phase the lifecycle phase
	 */
	public ParentPeerSet(List<DelegationReader> readers, AnswerTable answers, Duration interval, int phase) {
		super("selfdns-parent-ns", interval, phase);
		this.readers = List.copyOf(readers);
		this.answers = answers;
	}

	@Override
	protected void runOnce() {
		refresh();
	}

	/**
	 * Successful reads since start.
	 * @return the number
	 */
	public long reads() {
		return this.reads.get();
	}

	/** Read the parent's delegation as soon as this lifecycle's thread is free. */
	public void refreshSoon() {
		runSoon();
	}

	/** Read the parent's delegation once and serve its NS set if it changed. */
	public void refresh() {
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
			return;
		}
		if (delegation.nameServers().isEmpty()) {
			// A new fleet: no host has registered yet.
			infoOnce("The parent does not delegate " + origin + " yet; serving " + names(this.answers.zone()));
			return;
		}
		List<NameServer> set = nameServers(origin, delegation);
		if (set.isEmpty()) {
			warnOnce("The parent lists no usable NS records for " + origin + "; serving " + names(this.answers.zone()));
			return;
		}
		this.lastWarning = null;
		this.reads.incrementAndGet();
		ServiceZone before = this.answers.zone();
		ServiceZone after = this.answers.update((zone) -> zone.withNameServers(set));
		if (after != before) {
			logger.info("NS set changed: " + changes(before.nameServers(), after.nameServers()));
		}
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
