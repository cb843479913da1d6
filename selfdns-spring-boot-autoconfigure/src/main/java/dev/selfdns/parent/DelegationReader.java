package dev.selfdns.parent;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Reads the service zone's delegation from a server of the parent zone: non-recursive
 * queries over TCP. The NS set comes from the referral; addresses from its glue, and for a
 * name server without glue (BIND 9.18 sends no sibling glue, such as
 * {@code h1.ns-www.example.com} for {@code www.example.com}) from the server itself.
 */
public final class DelegationReader {

	private final ParentConnection connection;

	/**
	 * Create the reader.
	 * @param connection the server to ask
	 */
	public DelegationReader(ParentConnection connection) {
		this.connection = connection;
	}

	public ParentConnection connection() {
		return this.connection;
	}

	/**
	 * Read the delegation.
	 * @param zone the service zone
	 * @return what the parent says; an empty NS set when the zone is not delegated (yet)
	 * @throws RegistrationException if the server cannot be asked or does not serve the parent
	 */
	public ParentDelegation read(Name zone) throws RegistrationException {
		Message response = ask(zone, Type.NS);
		List<Name> nameServers = new ArrayList<>();
		for (int section : new int[] { Section.ANSWER, Section.AUTHORITY }) {
			for (Record record : response.getSection(section)) {
				if (record instanceof NSRecord ns && record.getName().equals(zone)
						&& !nameServers.contains(ns.getTarget())) {
					nameServers.add(ns.getTarget());
				}
			}
		}
		// Servers rotate RRsets (BIND's rrset-order): canonical order, so equal sets compare equal.
		nameServers.sort(null);
		Map<Name, List<InetAddress>> addresses = new LinkedHashMap<>();
		for (Name ns : nameServers) {
			Set<InetAddress> found = new LinkedHashSet<>(addressRecords(response, ns));
			if (found.isEmpty()) {
				found.addAll(addressesAnswered(ns));
			}
			if (!found.isEmpty()) {
				addresses.put(ns, List.copyOf(found));
			}
		}
		return new ParentDelegation(zone, nameServers, addresses);
	}

	/**
	 * The addresses the parent holds for one name (its own records, or glue in a referral).
	 * @param name the name
	 * @return the addresses, empty if none
	 * @throws RegistrationException if the server cannot be asked
	 */
	public List<InetAddress> addresses(Name name) throws RegistrationException {
		Set<InetAddress> found = new LinkedHashSet<>(addressRecords(ask(name, Type.A), name));
		found.addAll(addressRecords(ask(name, Type.AAAA), name));
		return List.copyOf(found);
	}

	/** A name server outside the server's zones is refused: its addresses come from elsewhere. */
	private List<InetAddress> addressesAnswered(Name name) throws RegistrationException {
		Set<InetAddress> found = new LinkedHashSet<>();
		for (int type : new int[] { Type.A, Type.AAAA }) {
			Message response = this.connection.exchange(query(name, type));
			if (response.getRcode() == Rcode.NOERROR) {
				found.addAll(addressRecords(response, name));
			}
		}
		return List.copyOf(found);
	}

	private static Message query(Name name, int type) {
		Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
		query.getHeader().unsetFlag(Flags.RD);
		return query;
	}

	private Message ask(Name name, int type) throws RegistrationException {
		Message response = this.connection.exchange(query(name, type));
		int rcode = response.getRcode();
		if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
			throw new RegistrationException(RegistrationProblem.SERVER_FAILURE,
					"The server at " + this.connection.where() + " answered " + Rcode.string(rcode) + " for " + name
							+ " " + Type.string(type) + "; it must serve the parent zone of " + name
							+ " (its primary, or a secondary)");
		}
		return response;
	}

	private static List<InetAddress> addressRecords(Message response, Name owner) {
		List<InetAddress> addresses = new ArrayList<>();
		for (int section : new int[] { Section.ANSWER, Section.ADDITIONAL }) {
			for (Record record : response.getSection(section)) {
				if (!record.getName().equals(owner)) {
					continue;
				}
				if (record instanceof ARecord a) {
					addresses.add(a.getAddress());
				}
				else if (record instanceof AAAARecord aaaa) {
					addresses.add(aaaa.getAddress());
				}
			}
		}
		return addresses;
	}

}
