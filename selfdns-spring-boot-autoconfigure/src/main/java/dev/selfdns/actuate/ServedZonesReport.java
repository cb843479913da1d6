package dev.selfdns.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.selfdns.dnssec.KeySet;
import dev.selfdns.dnssec.SigningKey;
import dev.selfdns.query.ServedZones;
import dev.selfdns.server.DnsServerInitializedEvent;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.IpAddresses;
import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.ServiceZone;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * Says at start-up, one INFO line per zone, what this host serves: the zone, its addresses,
 * NS set and TTL, the peers it knows, and the key tags and DS when it signs. A typo in a zone,
 * an address or a name server is then visible at once, not when a resolver asks.
 */
public final class ServedZonesReport implements ApplicationListener<DnsServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(ServedZonesReport.class);

	private final ServedZones zones;

	private final Function<AnswerTable, @Nullable KeySet> keys;

	/**
	 * Create the report.
	 * @param zones the zones served
	 * @param keys each zone's key set, {@code null} for an unsigned zone; read when the listeners
	 * are bound
	 */
	public ServedZonesReport(ServedZones zones, Function<AnswerTable, @Nullable KeySet> keys) {
		this.zones = zones;
		this.keys = keys;
	}

	@Override
	public void onApplicationEvent(DnsServerInitializedEvent event) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		for (AnswerTable table : this.zones.tables()) {
			logger.info(describe(table.zone(), this.keys.apply(table)));
		}
	}

	/**
	 * One zone in words.
	 * @param zone the zone
	 * @param keys its keys, {@code null} when unsigned
	 * @return the line
	 */
	static String describe(ServiceZone zone, @Nullable KeySet keys) {
		StringBuilder line = new StringBuilder("selfdns serves ").append(zone.origin())
			.append(" with ")
			.append(zone.addresses().isEmpty() ? "no address" : IpAddresses.formatAll(zone.addresses()))
			.append(", TTL ")
			.append(zone.ttl())
			.append(" s; NS set ")
			.append(zone.nameServers().stream().map((ns) -> nameServer(zone, ns)).collect(Collectors.joining(", ")));
		List<String> peers = new ArrayList<>();
		for (NameServer ns : zone.nameServers()) {
			if (!ns.name().equals(zone.ownNameServer())) {
				peers.add(ns.name() + (ns.addresses().isEmpty() ? " (address from the system resolver)"
						: " at " + IpAddresses.formatAll(ns.addresses())));
			}
		}
		line.append("; ").append(peers.size()).append((peers.size() == 1) ? " peer" : " peers");
		if (!peers.isEmpty()) {
			line.append(": ").append(String.join(", ", peers));
		}
		if (keys == null) {
			line.append("; unsigned");
		}
		else {
			line.append("; signed with key ")
				.append(keys.own().stream()
					.map((key) -> key.tag() + " (" + key.state().name().toLowerCase(java.util.Locale.ROOT) + ")")
					.collect(Collectors.joining(", ")))
				.append(", DS for the parent: ")
				.append(keys.own().stream().map((key) -> ds(key, keys)).collect(Collectors.joining("; ")));
		}
		return line.toString();
	}

	private static String nameServer(ServiceZone zone, NameServer ns) {
		return ns.name() + (ns.name().equals(zone.ownNameServer()) ? " (this host)" : "");
	}

	private static String ds(SigningKey key, KeySet keys) {
		return key.ds(keys.ttl()).toString();
	}

}
