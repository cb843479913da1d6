package dev.selfdns.registration;

import dev.selfdns.parent.DelegationReader;
import dev.selfdns.parent.ParentConnection;
import dev.selfdns.parent.ParentDelegation;
import dev.selfdns.parent.RegistrationException;
import dev.selfdns.parent.RegistrationProblem;
import dev.selfdns.parent.TsigKey;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashSet;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Registers this host with the parent's primary by DNS UPDATE (RFC 2136), signed with TSIG
 * (RFC 8945), over TCP. Registering is one UPDATE that adds the host's NS record and replaces
 * its address records; deregistering is one UPDATE whose prerequisite is the exact NS set just
 * read (RFC 2136 section 2.4.2), so it fails with NXRRSET when another host changed it first.
 * The parent zone is the configured one or, if unset, found by an SOA lookup.
 */
public final class Rfc2136Registrar implements Registrar {

	private final ParentConnection connection;

	private final DelegationReader reader;

	private volatile @Nullable Name zone;

	/**
	 * Create the registrar.
	 * @param connection the parent's primary, with the key to sign with
	 * @param zone the parent zone, {@code null} to find it by an SOA lookup
	 */
	public Rfc2136Registrar(ParentConnection connection, @Nullable Name zone) {
		this.connection = connection;
		this.reader = new DelegationReader(connection);
		this.zone = zone;
	}

	@Override
	public String server() {
		return this.connection.where();
	}

	@Override
	public @Nullable Name zone() {
		return this.zone;
	}

	@Override
	public ParentDelegation read(Name zone) throws RegistrationException {
		parentZone(zone);
		return this.reader.read(zone);
	}

	@Override
	public boolean isListed(ParentDelegation delegation, HostRecords host) {
		if (!delegation.nameServers().contains(host.nameServer())) {
			return false;
		}
		Name parent = this.zone;
		if (parent == null || !host.nameServer().subdomain(parent)) {
			return true;
		}
		return new HashSet<>(delegation.addressesOf(host.nameServer())).equals(new HashSet<>(host.addresses()));
	}

	@Override
	public void register(HostRecords host) throws RegistrationException {
		Name parent = parentZone(host.zone());
		Update update = new Update(parent);
		update.add(new NSRecord(host.zone(), DClass.IN, host.ttl(), host.nameServer()));
		if (host.nameServer().subdomain(parent)) {
			replaceAddresses(update, host);
		}
		send(update, host, parent);
	}

	@Override
	public void deregister(HostRecords host, ParentDelegation expected) throws RegistrationException {
		Name parent = parentZone(host.zone());
		Update update = removal(parent, host.zone(), host.nameServer(), expected);
		if (host.nameServer().subdomain(parent) && !host.nameServer().equals(host.zone())) {
			update.delete(host.nameServer(), Type.A);
			update.delete(host.nameServer(), Type.AAAA);
		}
		send(update, host, parent);
	}

	@Override
	public void removeNameServer(Name zone, Name nameServer, ParentDelegation expected) throws RegistrationException {
		Name parent = parentZone(zone);
		// The NS record only: the policy lets each key write its own address records alone.
		send(removal(parent, zone, nameServer, expected), new HostRecords(zone, nameServer, java.util.List.of(), 0),
				parent);
	}

	private static Update removal(Name parent, Name zone, Name nameServer, ParentDelegation expected) {
		Update update = new Update(parent);
		// RFC 2136 section 2.4.2: the RRset must be exactly these records, TTL 0.
		for (Name ns : expected.nameServers()) {
			update.addRecord(new NSRecord(zone, DClass.IN, 0, ns), Section.PREREQ);
		}
		update.delete(new NSRecord(zone, DClass.IN, 0, nameServer));
		return update;
	}

	private static void replaceAddresses(Update update, HostRecords host) {
		update.delete(host.nameServer(), Type.A);
		update.delete(host.nameServer(), Type.AAAA);
		for (InetAddress address : host.addresses()) {
			update.add((address instanceof Inet4Address)
					? new ARecord(host.nameServer(), DClass.IN, host.ttl(), address)
					: new AAAARecord(host.nameServer(), DClass.IN, host.ttl(), address));
		}
	}

	private void send(Update update, HostRecords host, Name parent) throws RegistrationException {
		Message response = this.connection.exchange(update);
		int rcode = response.getRcode();
		if (rcode == Rcode.NOERROR) {
			return;
		}
		String at = "The parent's primary at " + server() + " answered " + Rcode.string(rcode) + " to the update of "
				+ host.nameServer() + " in zone " + parent;
		throw switch (rcode) {
			case Rcode.REFUSED -> new RegistrationException(RegistrationProblem.REFUSED,
					at + ": its policy does not allow key " + keyName() + " to write these records. " + policy(host));
			case Rcode.NOTAUTH -> new RegistrationException(RegistrationProblem.NOT_AUTHORITATIVE, at
					+ ": it is not the primary of " + parent + ". Set selfdns.registration.server to that zone's "
					+ "primary, and selfdns.registration.zone to the zone holding the delegation of " + host.zone()
					+ " (or leave it unset to find it by an SOA lookup)");
			case Rcode.NOTZONE -> new RegistrationException(RegistrationProblem.NOT_IN_ZONE, at + ": " + host.zone()
					+ " is not inside " + parent + ". Set selfdns.registration.zone to the zone holding its delegation "
					+ "(for www.example.com usually example.com), or leave it unset to find it by an SOA lookup");
			case Rcode.NXRRSET -> new RegistrationException(RegistrationProblem.CHANGED,
					at + ": the NS set changed since it was read");
			default -> new RegistrationException(RegistrationProblem.SERVER_FAILURE,
					at + ". See the server's log; a primary that cannot write its journal fails every update "
							+ "(BIND: the zone file's directory must be writable by named; Knot: its database "
							+ "storage)");
		};
	}

	/** The lines that let this host's key write exactly its own records. */
	private String policy(HostRecords host) {
		String key = keyName();
		Name parent = (this.zone != null) ? this.zone : new Name(host.zone(), 1);
		return "BIND, in zone \"" + parent.toString(true) + "\": update-policy { grant " + key + " name " + host.zone()
				+ " NS; grant " + key + " name " + host.nameServer() + " A AAAA; }; Knot: acl: [{id: "
				+ host.nameServer().getLabelString(0) + ", key: " + key
				+ ", action: update, update-type: [NS, A, AAAA], update-owner: name, update-owner-match: equal, "
				+ "update-owner-name: [" + host.zone() + ", " + host.nameServer() + "]}] in the zone's acl list";
	}

	private String keyName() {
		TsigKey key = this.connection.key();
		return (key != null) ? key.name().toString() : "(none)";
	}

	/** The configured zone, else the one whose SOA the server gives for the service zone or above. */
	private Name parentZone(Name serviceZone) throws RegistrationException {
		Name known = this.zone;
		if (known != null) {
			return known;
		}
		for (Name name = serviceZone; name.labels() > 1; name = new Name(name, 1)) {
			Message query = Message.newQuery(Record.newRecord(name, Type.SOA, DClass.IN));
			query.getHeader().unsetFlag(Flags.RD);
			Message response = this.connection.exchange(query);
			for (int section : new int[] { Section.ANSWER, Section.AUTHORITY }) {
				for (Record record : response.getSection(section)) {
					if (record instanceof SOARecord soa && serviceZone.subdomain(soa.getName())
							&& !soa.getName().equals(serviceZone)) {
						this.zone = soa.getName();
						return soa.getName();
					}
				}
			}
			if (response.getRcode() == Rcode.REFUSED) {
				break;
			}
		}
		throw new RegistrationException(RegistrationProblem.NO_ZONE, "The server at " + server()
				+ " serves no zone above " + serviceZone + " (SOA lookup); set selfdns.registration.server to the "
				+ "primary of the zone that delegates " + serviceZone + ", or set selfdns.registration.zone");
	}

}
