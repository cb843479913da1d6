package dev.selfdns.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.selfdns.schedule.PeriodicLifecycle;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.HostIdentity;
import dev.selfdns.zone.IpAddresses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Follows this host's addresses where they are discovered: reads the source every interval
 * and applies a change only after two equal reads in a row (a metadata service in the middle
 * of a change, or a flapping interface, must not move the host), then swaps the answers and
 * tells the registration, which replaces the glue. A failed or empty read keeps the last
 * addresses, with a warning.
 */
public final class AddressDiscovery extends PeriodicLifecycle {

	private static final Log logger = LogFactory.getLog(AddressDiscovery.class);

	private final AddressSource source;

	/** The zones whose addresses are this host's: every zone without addresses of its own. */
	private final List<AnswerTable> tables;

	private @Nullable Set<InetAddress> pending;

	private @Nullable String lastWarning;

	/** What runs after a change: one per zone that registers its glue, say. */
	private final List<Runnable> onChange = new java.util.concurrent.CopyOnWriteArrayList<>();

	/**
	 * Create the discovery.
	 * @param scheduler the threads all periodic work runs on
	 * @param source where the addresses are read
	 * @param tables the live answer tables of the zones without addresses of their own, each
	 * of which gets every change
	 * @param interval the time between reads
	 * @param phase the lifecycle phase
	 */
	public AddressDiscovery(SelfDnsScheduler scheduler, AddressSource source, List<AnswerTable> tables,
			Duration interval, int phase) {
		super(scheduler, "address-discovery", interval, phase);
		this.source = source;
		this.tables = List.copyOf(tables);
	}

	/**
	 * Run something after the addresses changed, such as re-registering the glue; each action
	 * added runs, in the order added (every zone's registration, not the last one's alone).
	 * @param action what to run, on the discovery's thread
	 */
	public void onChange(Runnable action) {
		this.onChange.add(action);
	}

	@Override
	protected void runOnce() {
		poll();
	}

	/** Read the source once; apply what it says if it said the same the time before. */
	public synchronized void poll() {
		if (this.tables.isEmpty()) {
			return;
		}
		List<InetAddress> current = this.tables.get(0).zone().addresses();
		List<InetAddress> read;
		try {
			read = this.source.read();
		}
		catch (IOException ex) {
			String why = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			warnOnce("selfdns could not read its addresses from " + this.source.describe() + " (" + why
					+ "); keeping " + IpAddresses.formatAll(current));
			return;
		}
		if (read.isEmpty()) {
			warnOnce("selfdns read no address from " + this.source.describe() + "; keeping "
					+ IpAddresses.formatAll(current));
			return;
		}
		this.lastWarning = null;
		Set<InetAddress> seen = new LinkedHashSet<>(read);
		if (seen.equals(new LinkedHashSet<>(current))) {
			this.pending = null;
			return;
		}
		if (!seen.equals(this.pending)) {
			this.pending = seen;
			logger.debug("selfdns read " + IpAddresses.formatAll(seen) + " once; applied if read again");
			return;
		}
		this.pending = null;
		List<InetAddress> next = List.copyOf(seen);
		for (AnswerTable table : this.tables) {
			table.update((zone) -> zone.withIdentity(
					new HostIdentity(next, zone.identity().ownNameServer(), zone.identity().nsid())));
		}
		logger.info("selfdns addresses changed: " + IpAddresses.formatAll(current) + " -> " + IpAddresses.formatAll(next)
				+ " (from " + this.source.describe() + ")");
		this.onChange.forEach(Runnable::run);
	}

	private void warnOnce(String message) {
		if (!message.equals(this.lastWarning)) {
			logger.warn(message);
			this.lastWarning = message;
		}
	}

}
