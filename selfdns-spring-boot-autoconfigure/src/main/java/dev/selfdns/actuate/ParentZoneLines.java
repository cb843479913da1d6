package dev.selfdns.actuate;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.ServiceZone;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The records the parent zone needs for the delegation: the NS set, glue for name servers
 * inside the zone, and this host's address records when its name server name lies in the
 * parent zone (as {@code ns1-www.example.com} does for {@code www.example.com}). Written
 * without TTLs, so they take the parent zone's default.
 */
final class ParentZoneLines {

	private ParentZoneLines() {
	}

	/**
	 * The lines for a host.
	 * @param zone the served zone
	 * @param ownNameServer this host's name server name, if known
	 * @return zone-file lines, comments starting with ';'
	 */
	static List<String> of(ServiceZone zone, @Nullable Name ownNameServer) {
		List<String> lines = new ArrayList<>();
		for (NameServer ns : zone.nameServers()) {
			lines.add(zone.origin() + " IN NS " + ns.name());
		}
		for (NameServer ns : zone.inZoneNameServers()) {
			addAddresses(lines, ns.name(), ns.addresses());
		}
		Name parent = new Name(zone.origin(), 1);
		if (ownNameServer == null) {
			lines.add("; set selfdns.own-name-server to list this host's address records too");
		}
		else if (!ownNameServer.subdomain(zone.origin()) && ownNameServer.subdomain(parent)) {
			addAddresses(lines, ownNameServer, zone.addresses());
		}
		return lines;
	}

	private static void addAddresses(List<String> lines, Name name, List<InetAddress> addresses) {
		for (InetAddress address : addresses) {
			lines.add(name + " IN " + ((address instanceof Inet4Address) ? "A" : "AAAA") + " "
					+ address.getHostAddress());
		}
	}

}
