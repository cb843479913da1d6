package dev.selfdns.registration;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import dev.selfdns.parent.ParentDelegation;
import dev.selfdns.parent.RegistrationException;
import dev.selfdns.peers.PeerProber;
import dev.selfdns.peers.PeerStatus;
import dev.selfdns.schedule.PeriodicLifecycle;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.wire.AnswerTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Removes a peer that has answered nothing at all, over UDP or TCP, for the grace period from
 * the parent's NS set (opt-in, {@code selfdns.registration.janitor.enabled}): a crashed host
 * whose address may go to someone else must not stay a name server of the service. At most one
 * removal per interval, by compare-and-swap, never below the minimum NS set, and only by a host
 * that is registered itself and hears at least one other peer: a host that hears none may be
 * the one cut off. A live host that was removed re-asserts itself at its next reconcile.
 */
public final class PeerJanitor extends PeriodicLifecycle {

	private static final Log logger = LogFactory.getLog(PeerJanitor.class);

	private static final Duration TCP_TIMEOUT = Duration.ofSeconds(2);

	private final PeerProber prober;

	private final SelfRegistration registration;

	private final Registrar registrar;

	private final AnswerTable answers;

	private final Duration grace;

	private final int minNameServers;

	private final IntSupplier port;

	private final Clock clock;

	private @Nullable String lastSkipped;

	private final AtomicLong sweeps = new AtomicLong();

	private final Map<Name, Instant> firstKnown = new HashMap<>();

	/**
	 * Create the janitor.
	 * @param scheduler the threads all periodic work runs on
	 * @param prober what the peers said, and when
	 * @param registration this host's own registration
	 * @param registrar what writes to the parent
	 * @param answers the live answer table
	 * @param interval the time between removals at most
	 * @param grace how long a peer must have been silent
	 * @param minNameServers the fewest name servers a removal may leave
	 * @param port the fleet's DNS port
	 * @param clock the time the prober records
	 * @param phase the lifecycle phase
	 */
	public PeerJanitor(SelfDnsScheduler scheduler, PeerProber prober, SelfRegistration registration, Registrar registrar, AnswerTable answers,
			Duration interval, Duration grace, int minNameServers, IntSupplier port, Clock clock, int phase) {
		super(scheduler, "janitor " + answers.zone().origin(), interval, phase);
		this.prober = prober;
		this.registration = registration;
		this.registrar = registrar;
		this.answers = answers;
		this.grace = grace;
		this.minNameServers = minNameServers;
		this.port = port;
		this.clock = clock;
	}

	@Override
	protected void runOnce() {
		sweep();
	}

	/**
	 * Sweeps done since start.
	 * @return the number
	 */
	public long sweeps() {
		return this.sweeps.get();
	}

	/**
	 * Remove at most one silent peer.
	 * @return the name server removed, {@code null} if none
	 */
	public synchronized @Nullable Name sweep() {
		this.sweeps.incrementAndGet();
		if (this.registration.status().state() != RegistrationState.REGISTERED) {
			return null;
		}
		Instant now = this.clock.instant();
		Map<Name, Instant> lastSeen = new TreeMap<>();
		Map<Name, List<InetAddress>> addresses = new TreeMap<>();
		List<PeerStatus> peers = this.prober.peers();
		// A peer new to the NS set (one that re-registered) is silent only from when it was first known.
		this.firstKnown.keySet().retainAll(peers.stream().map(PeerStatus::nameServer).toList());
		for (PeerStatus peer : peers) {
			Instant known = this.firstKnown.computeIfAbsent(peer.nameServer(), (name) -> now);
			Instant seen = (peer.lastSeen() != null && peer.lastSeen().isAfter(known)) ? peer.lastSeen() : known;
			lastSeen.merge(peer.nameServer(), seen, (a, b) -> a.isAfter(b) ? a : b);
			addresses.computeIfAbsent(peer.nameServer(), (name) -> new ArrayList<>()).add(peer.address());
		}
		if (lastSeen.isEmpty()) {
			return null;
		}
		boolean hearsAPeer = lastSeen.values().stream().anyMatch((seen) -> silentFor(seen, now).compareTo(this.grace) < 0);
		if (!hearsAPeer) {
			skip("the janitor removes no peer: this host hears none of them, and may be the one cut off");
			return null;
		}
		for (Map.Entry<Name, Instant> peer : lastSeen.entrySet()) {
			Duration silent = silentFor(peer.getValue(), now);
			if (silent.compareTo(this.grace) < 0 || answersOverTcp(peer.getKey(), addresses.get(peer.getKey()))) {
				continue;
			}
			return remove(peer.getKey(), silent);
		}
		return null;
	}

	private @Nullable Name remove(Name peer, Duration silent) {
		Name zone = this.answers.zone().origin();
		try {
			ParentDelegation read = this.registrar.read(zone);
			if (!read.nameServers().contains(peer)) {
				return null;
			}
			// A peer that moved answers at the address it registered, which this host may not
			// probe yet (it learns it at its next refresh): ask there too.
			if (answersOverTcp(peer, read.addressesOf(peer))) {
				return null;
			}
			if (read.nameServers().size() - 1 < this.minNameServers) {
				skip("the janitor keeps the silent " + peer + ": removing it would leave fewer than "
						+ this.minNameServers + " name servers (selfdns.registration.min-name-servers)");
				return null;
			}
			this.registrar.removeNameServer(zone, peer, read);
			logger.warn("selfdns removed " + peer + " from the parent's NS set of " + zone + ": it has answered nothing "
					+ "over UDP or TCP for " + silent.toSeconds() + " s (selfdns.registration.janitor.grace "
					+ this.grace.toSeconds() + " s); it re-registers itself when it is back");
			return peer;
		}
		catch (RegistrationException ex) {
			// CHANGED: another host changed the set first; the next interval reads it again.
			skip("the janitor could not remove " + peer + ": " + ex.getMessage());
			return null;
		}
	}

	private static Duration silentFor(Instant seen, Instant now) {
		return Duration.between(seen, now);
	}

	/** The last chance: a host whose UDP is blocked or lost may still answer over TCP. */
	private boolean answersOverTcp(Name peer, @Nullable List<InetAddress> addresses) {
		if (addresses == null) {
			return false;
		}
		Message query = Message.newQuery(Record.newRecord(this.answers.zone().probeName(), Type.TXT, DClass.IN));
		byte[] wire = query.toWire();
		for (InetAddress address : addresses) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(address, this.port.getAsInt()), (int) TCP_TIMEOUT.toMillis());
				socket.setSoTimeout((int) TCP_TIMEOUT.toMillis());
				DataOutputStream out = new DataOutputStream(socket.getOutputStream());
				out.writeShort(wire.length);
				out.write(wire);
				out.flush();
				int length = new DataInputStream(socket.getInputStream()).readUnsignedShort();
				if (length > 0) {
					return true;
				}
			}
			catch (IOException ex) {
				logger.debug("No TCP answer from " + peer + " at " + address + ": " + ex.getMessage());
			}
		}
		return false;
	}

	private void skip(String message) {
		if (!message.equals(this.lastSkipped)) {
			logger.info(message);
			this.lastSkipped = message;
		}
	}

}
