package dev.selfdns.zone;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The records the parent zone needs to delegate the zone to this fleet: the NS set, glue for
 * name servers inside the zone, and this host's address records when its name server name lies
 * in the parent zone (as {@code ns1-www.example.com} does for {@code www.example.com}).
 *
 * @param parent the parent zone's name, as far as the zone's name tells (one label up)
 * @param nameServers the NS records, owned by the zone's name
 * @param glue address records of the in-zone name servers and, where its name lies in the
 * parent zone, of this host's name server
 * @param ownNameServer this host's name server name, {@code null} while unknown
 */
public record Delegation(Name parent, List<Record> nameServers, List<Record> glue, @Nullable Name ownNameServer) {

	public Delegation {
		nameServers = List.copyOf(nameServers);
		glue = List.copyOf(glue);
	}

	/**
	 * Every record, NS set first.
	 * @return the records
	 */
	public List<Record> records() {
		return java.util.stream.Stream.concat(this.nameServers.stream(), this.glue.stream()).toList();
	}

}
