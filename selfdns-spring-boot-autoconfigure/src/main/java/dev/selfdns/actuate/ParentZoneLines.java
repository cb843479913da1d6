package dev.selfdns.actuate;

import java.util.ArrayList;
import java.util.List;

import dev.selfdns.zone.Delegation;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The delegation's records as zone-file lines to paste into the parent zone. Written without
 * TTLs, so they take the parent zone's default.
 */
final class ParentZoneLines {

	private ParentZoneLines() {
	}

	/**
	 * The lines for a host.
	 * @param delegation the zone's delegation as this host sees it
	 * @return zone-file lines, comments starting with ';'
	 */
	static List<String> of(Delegation delegation) {
		List<String> lines = new ArrayList<>();
		delegation.nameServers().forEach((record) -> lines.add(line(record)));
		delegation.glue().forEach((record) -> lines.add(line(record)));
		if (delegation.ownNameServer() == null) {
			// Glue of in-zone name servers is listed anyway; this host's own records need its name.
			lines.add("; set selfdns.own-name-server to list this host's address records too");
		}
		return lines;
	}

	private static String line(Record record) {
		return record.getName() + " IN " + Type.string(record.getType()) + " " + record.rdataToString();
	}

}
