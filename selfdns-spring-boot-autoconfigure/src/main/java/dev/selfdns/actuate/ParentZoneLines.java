package dev.selfdns.actuate;

import java.util.ArrayList;
import java.util.List;

import dev.selfdns.zone.Delegation;
import dev.selfdns.zone.IpAddresses;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The delegation's records as zone-file lines to paste into the parent zone, with their TTL
 * (the zone's: the parent's copy of the NS set and glue then changes as fast as the zone's
 * own; where the host registers itself, the TTL it writes) and IPv6 addresses as people write
 * them.
 */
final class ParentZoneLines {

	private ParentZoneLines() {
	}

	/**
	 * The lines for a host.
	 * @param delegation the zone's delegation as this host sees it
	 * @param ttl the TTL to show, {@code null} for the records' own
	 * @return zone-file lines, comments starting with ';'
	 */
	static List<String> of(Delegation delegation, @Nullable Long ttl) {
		List<String> lines = new ArrayList<>();
		delegation.nameServers().forEach((record) -> lines.add(line(record, ttl)));
		delegation.glue().forEach((record) -> lines.add(line(record, ttl)));
		if (delegation.ownNameServer() == null) {
			// Glue of in-zone name servers is listed anyway; this host's own records need its name.
			lines.add("; set selfdns.own-name-server to list this host's address records too");
		}
		return lines;
	}

	private static String line(Record record, @Nullable Long ttl) {
		String data = (record instanceof AAAARecord aaaa) ? IpAddresses.format(aaaa.getAddress())
				: record.rdataToString();
		return record.getName() + " " + ((ttl != null) ? ttl : record.getTTL()) + " IN " + Type.string(record.getType()) + " " + data;
	}

}
