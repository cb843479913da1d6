package dev.selfdns.zone;

import java.net.InetAddress;
import java.util.List;

import org.xbill.DNS.Name;

/**
 * One name server of the zone's NS set.
 *
 * @param name the name server's name
 * @param addresses its addresses, served as glue when the name lies inside the zone; empty
 * otherwise
 */
public record NameServer(Name name, List<InetAddress> addresses) {

	public NameServer {
		addresses = List.copyOf(addresses);
	}

}
