package dev.selfdns.parent;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.xbill.DNS.Name;

/**
 * What the parent zone says about the service zone's delegation, as read from its server:
 * the NS set and the addresses it holds for each name server.
 *
 * @param zone the service zone
 * @param nameServers the NS set, in canonical order (RFC 4034 section 6.1); empty when not
 * delegated
 * @param addresses the address records the parent holds for each name server (glue, or a
 * sibling's own records); a name server the parent has none for is absent
 */
public record ParentDelegation(Name zone, List<Name> nameServers, Map<Name, List<InetAddress>> addresses) {

	public ParentDelegation {
		nameServers = List.copyOf(nameServers);
		Map<Name, List<InetAddress>> copy = new LinkedHashMap<>();
		addresses.forEach((name, list) -> copy.put(name, List.copyOf(list)));
		addresses = java.util.Collections.unmodifiableMap(copy);
	}

	/**
	 * The addresses the parent holds for one name.
	 * @param name a name server name
	 * @return the addresses, empty if none
	 */
	public List<InetAddress> addressesOf(Name name) {
		return this.addresses.getOrDefault(name, List.of());
	}

}
