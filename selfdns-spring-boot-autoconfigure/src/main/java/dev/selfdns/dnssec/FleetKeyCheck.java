package dev.selfdns.dnssec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

import dev.selfdns.parent.ParentConnection;
import dev.selfdns.peers.PeerProber;
import dev.selfdns.parent.RegistrationException;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.IpAddresses;
import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.ServiceZone;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Whether the fleet agrees on its keys: asks every peer for its DNSKEY set and compares it with
 * this host's (they must be equal, or a resolver that cached one host's set rejects another's
 * answers), and, where a server of the parent zone is known, whether the parent's DS set is the
 * DS of this host's keys (and, per-host, its peers'). Run off the query path, by the refresher.
 */
public final class FleetKeyCheck {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final AnswerTable answers;

	private final KeySet keys;

	private final IntSupplier port;

	private final @Nullable ParentConnection parent;

	private volatile @Nullable Result last;

	/**
	 * Create the check.
	 * @param answers the zone served
	 * @param keys this host's key set
	 * @param port the fleet's DNS port
	 * @param parent a server of the parent zone, {@code null} to leave the DS set unchecked
	 */
	public FleetKeyCheck(AnswerTable answers, KeySet keys, IntSupplier port, @Nullable ParentConnection parent) {
		this.answers = answers;
		this.keys = keys;
		this.port = port;
		this.parent = parent;
	}

	/**
	 * The last result.
	 * @return it, {@code null} before the first check
	 */
	public @Nullable Result last() {
		return this.last;
	}

	/**
	 * Ask the peers and the parent now.
	 * @return the result
	 */
	public Result check() {
		ServiceZone zone = this.answers.zone();
		Set<String> ours = keyData(this.keys.dnskeys().rrs());
		List<PeerKeys> peers = new ArrayList<>();
		int dnsPort = this.port.getAsInt();
		if (dnsPort > 0) {
			for (Map.Entry<InetSocketAddress, NameServer> target : PeerProber.targets(zone, dnsPort).entrySet()) {
				Set<String> theirs = peerKeys(zone, target.getKey());
				peers.add(new PeerKeys(target.getValue().name().toString(),
						IpAddresses.format(target.getKey().getAddress()), (theirs != null) ? tags(theirs) : null,
						theirs != null && theirs.equals(ours)));
			}
		}
		Result result = new Result(tags(ours), peers, parentDs(zone));
		this.last = result;
		return result;
	}

	private @Nullable Set<String> peerKeys(ServiceZone zone, InetSocketAddress peer) {
		try {
			SimpleResolver resolver = new SimpleResolver(peer);
			resolver.setTCP(true);
			resolver.setTimeout(TIMEOUT);
			Message query = Message.newQuery(Record.newRecord(zone.origin(), Type.DNSKEY, DClass.IN));
			query.getHeader().unsetFlag(Flags.RD);
			Message response = resolver.send(query);
			return keyData(response.getSection(Section.ANSWER));
		}
		catch (IOException ex) {
			return null;
		}
	}

	private @Nullable ParentDs parentDs(ServiceZone zone) {
		if (this.parent == null) {
			return null;
		}
		Set<String> expected = new TreeSet<>();
		for (Record record : this.keys.dnskeys().rrs()) {
			DSRecord ds = new DSRecord(zone.origin(), DClass.IN, 0, DSRecord.Digest.SHA256, (DNSKEYRecord) record);
			expected.add(ds.rdataToString());
		}
		try {
			Message query = Message.newQuery(Record.newRecord(zone.origin(), Type.DS, DClass.IN));
			query.getHeader().unsetFlag(Flags.RD);
			Message response = this.parent.exchange(query);
			Set<String> found = new TreeSet<>();
			for (Record record : response.getSection(Section.ANSWER)) {
				if (record instanceof DSRecord ds && ds.getDigestID() == DSRecord.Digest.SHA256) {
					found.add(ds.rdataToString());
				}
			}
			List<String> missing = expected.stream().filter((ds) -> !found.contains(ds)).toList();
			List<String> unknown = found.stream().filter((ds) -> !expected.contains(ds)).toList();
			return new ParentDs(this.parent.where(), missing.isEmpty() && unknown.isEmpty(), missing, unknown, null);
		}
		catch (RegistrationException ex) {
			return new ParentDs(this.parent.where(), false, List.of(), List.of(), ex.getMessage());
		}
	}

	private static Set<String> keyData(List<Record> records) {
		Set<String> data = new TreeSet<>();
		for (Record record : records) {
			if (record instanceof DNSKEYRecord key) {
				data.add(key.getFootprint() + " " + key.rdataToString());
			}
		}
		return data;
	}

	private static List<Integer> tags(Set<String> keyData) {
		return keyData.stream().map((entry) -> Integer.parseInt(entry.substring(0, entry.indexOf(' ')))).toList();
	}

	/**
	 * What the fleet and the parent say.
	 *
	 * @param ownTags the key tags of this host's DNSKEY set
	 * @param peers what each peer address publishes
	 * @param parentDs the parent's DS set against this host's keys, {@code null} when not checked
	 */
	public record Result(List<Integer> ownTags, List<PeerKeys> peers, @Nullable ParentDs parentDs) {

		/**
		 * Whether every peer that answered publishes this host's DNSKEY set, and the parent's DS
		 * set (where checked) matches.
		 * @return whether the fleet agrees
		 */
		public boolean agrees() {
			return this.peers.stream().allMatch((peer) -> peer.tags() == null || peer.same())
					&& (this.parentDs == null || this.parentDs.matches());
		}

	}

	/**
	 * One peer address's DNSKEY set.
	 *
	 * @param nameServer the peer's name server name
	 * @param address the address asked
	 * @param tags its key tags, {@code null} if it did not answer
	 * @param same whether its set is this host's
	 */
	public record PeerKeys(String nameServer, String address, @Nullable List<Integer> tags, boolean same) {

	}

	/**
	 * The parent's DS set.
	 *
	 * @param server the server asked
	 * @param matches whether it is exactly the DS of the DNSKEY set
	 * @param missing DS records the parent lacks (to add)
	 * @param unknown DS records of keys no host publishes (to remove, or their keys are gone)
	 * @param error why it could not be read, {@code null} if it was
	 */
	public record ParentDs(String server, boolean matches, List<String> missing, List<String> unknown,
			@Nullable String error) {

	}

}
