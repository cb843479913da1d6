package dev.selfdns.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import dev.selfdns.actuate.ServedZonesReport;
import dev.selfdns.dnssec.DnssecSigning;
import dev.selfdns.dnssec.DnssecSignings;
import dev.selfdns.discovery.AddressSource;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.query.QueryHandler;
import dev.selfdns.query.ServedZones;
import dev.selfdns.server.DelayedAnswers;
import dev.selfdns.server.DnsServer;
import dev.selfdns.server.ListenerSettings;
import dev.selfdns.server.TcpLimits;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.wire.ResponseWriter;
import dev.selfdns.zone.InvalidZoneException;
import dev.selfdns.zone.ServiceZone;
import dev.selfdns.zone.ZoneBuilder;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the selfdns name server: the zone from {@code selfdns.*} properties,
 * its live answer table, the query chain and the listeners. The gate, protection, shaping,
 * metrics, the endpoint and the health component have auto-configurations of their own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "selfdns.enabled", matchIfMissing = true)
@Import(SelfDnsPropertiesConfiguration.class)
public final class SelfDnsAutoConfiguration {

	/** The name of the zone bean made from the properties; a bean of another name is the user's. */
	static final String ZONE_BEAN = "selfDnsZone";

	@Bean
	@ConditionalOnMissingBean
	ServiceZone selfDnsZone(SelfDnsProperties properties, ObjectProvider<AddressSource> discovered,
			ObjectProvider<DnssecSignings> signings) {
		return buildZone(properties, 0, discovered.getIfAvailable(), childDs(properties, signings));
	}

	/** The DS set of a zone another one delegates to, from its keys: empty for an unsigned zone. */
	private static IntFunction<List<DSRecord>> childDs(SelfDnsProperties properties,
			ObjectProvider<DnssecSignings> signings) {
		return (child) -> {
			DnssecSignings signed = signings.getIfAvailable();
			Name zone = properties.zoneSettings(child).getZone();
			return (signed != null && zone != null) ? signed.dsRecords(zone) : List.of();
		};
	}

	/**
	 * Build one zone.
	 * @param childDs the DS set of each zone this one delegates to, by index (empty: unsigned)
	 */
	private static ServiceZone buildZone(SelfDnsProperties properties, int index, @Nullable AddressSource source,
			IntFunction<List<DSRecord>> childDs) {
		try {
			ZoneBuilder builder = properties.zoneBuilder(index, childDs);
			if (properties.zoneAddresses(index).isEmpty() && source != null) {
				builder.addresses(firstRead(source, properties));
			}
			return builder.build();
		}
		catch (InvalidZoneException ex) {
			// Only an unset zone gets here: a wrong one failed when the properties were bound.
			throw new InvalidConfigurationPropertyValueException(
					"selfdns." + properties.zoneSetting(index) + ex.setting(), ex.value(), ex.reason());
		}
	}

	/** Without configured addresses, the first read must give some: a host without one cannot answer. */
	private static List<InetAddress> firstRead(AddressSource source, SelfDnsProperties properties) {
		String mode = properties.getAddressDiscovery().getMode().name().toLowerCase(Locale.ROOT);
		List<InetAddress> addresses;
		try {
			addresses = source.read();
		}
		catch (IOException ex) {
			throw new InvalidConfigurationPropertyValueException("selfdns.address-discovery.mode", mode,
					"could not read this host's addresses from " + source.describe() + " ("
							+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName())
							+ "); check that it is reachable, or set selfdns.addresses");
		}
		if (addresses.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("selfdns.address-discovery.mode", mode,
					"no address from " + source.describe() + ": " + source.whenEmpty());
		}
		return addresses;
	}

	@Bean
	@ConditionalOnMissingBean
	AnswerTable selfDnsAnswerTable(ServiceZone zone, ObjectProvider<DnssecSignings> dnssec) {
		// A signed zone is signed here, before the first query, and again at every change.
		return new AnswerTable(zone, signing(dnssec, zone));
	}

	private static @Nullable DnssecSigning signing(ObjectProvider<DnssecSignings> dnssec, ServiceZone zone) {
		DnssecSignings signings = dnssec.getIfAvailable();
		return (signings != null) ? signings.of(zone.origin()) : null;
	}

	/**
	 * Every zone the listener serves: the first zone's table and gate, and for each other zone
	 * of selfdns.zones a table and a gate of its own, which follows the first one's readiness,
	 * drain and shutdown.
	 */
	@Bean
	@ConditionalOnMissingBean
	ServedZones selfDnsServedZones(AnswerTable answers, ServingGate gate, SelfDnsProperties properties,
			ObjectProvider<AddressSource> discovered, ObjectProvider<DnssecSignings> signings) {
		List<AnswerTable> tables = new ArrayList<>(List.of(answers));
		List<ServingGate> gates = new ArrayList<>(List.of(gate));
		if (properties.zoneCount() > 1) {
			gate.zone(answers.zone().origin().toString());
		}
		for (int i = 1; i < properties.zoneCount(); i++) {
			ServiceZone zone = buildZone(properties, i, discovered.getIfAvailable(), childDs(properties, signings));
			tables.add(new AnswerTable(zone, signing(signings, zone)));
			gates.add(gate.zoneGate(zone.origin().toString()));
		}
		return new ServedZones(tables, gates);
	}

	/** One INFO line per zone once the listeners are bound: what is served, so a typo shows at once. */
	@Bean
	ServedZonesReport selfDnsServedZonesReport(ServedZones zones, ObjectProvider<DnssecSignings> signings) {
		return new ServedZonesReport(zones, (table) -> {
			DnssecSigning signing = signing(signings, table.zone());
			return (signing != null) ? signing.keys() : null;
		});
	}

	@Bean
	@ConditionalOnMissingBean
	QueryHandler selfDnsQueryHandler(ServedZones zones, SelfDnsProperties properties,
			ObjectProvider<LoadShaper> shaper, ObjectProvider<ServerCookies> cookies,
			ObjectProvider<ResponseRateLimiter> rateLimiter) {
		ResponseWriter writer = new ResponseWriter(properties.getEdns().getUdpPayloadSize());
		return new QueryHandler(zones, writer, shaper.getIfAvailable(), cookies.getIfAvailable(),
				rateLimiter.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	QueryCounters selfDnsQueryCounters(SelfDnsProperties properties) {
		return new QueryCounters(properties.zoneCount());
	}

	@Bean
	@ConditionalOnMissingBean
	DnsServer selfDnsServer(QueryHandler handler, SelfDnsProperties properties,
			ApplicationEventPublisher publisher, ObjectProvider<DelayedAnswers> delayedAnswers,
			QueryCounters counters) {
		return new DnsServer(handler, listenerSettings(properties.getListen(), properties.getRateLimit()), publisher,
				delayedAnswers.getIfAvailable(), counters);
	}

	private static ListenerSettings listenerSettings(SelfDnsProperties.Listen listen,
			SelfDnsProperties.RateLimit networks) {
		IpLiteral address = listen.getAddress();
		TcpLimits tcpLimits = new TcpLimits(listen.getTcpIdleTimeout(), listen.getTcpMessageTimeout(),
				listen.getTcpMaxConnections(), listen.getTcpMaxConnectionsPerClient(), listen.getTcpMaxQueriesInFlight(),
				listen.getTcpMaxConnectionsPerNetwork(), networks.getIpv4PrefixLength(), networks.getIpv6PrefixLength());
		return new ListenerSettings((address != null) ? address.address() : null, listen.getPort(), listen.isUdp(),
				listen.getUdpThreads(), (int) listen.getUdpBufferSize().toBytes(), listen.isTcp(), tcpLimits);
	}

}
