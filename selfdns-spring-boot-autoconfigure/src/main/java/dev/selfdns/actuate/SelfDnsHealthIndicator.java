package dev.selfdns.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.selfdns.peers.PeerCondition;
import dev.selfdns.peers.PeerProber;
import dev.selfdns.peers.PeerProbers;
import dev.selfdns.gate.GateState;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.ServedZones;
import dev.selfdns.server.DnsServer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code selfdns} health component: UP while the listeners are bound, whether or not the
 * gate lets them answer (a drained host is healthy), with each zone's gate where there are
 * several. The gate never reads this component, so the two cannot hold each other closed.
 */
public class SelfDnsHealthIndicator implements HealthIndicator {

	private final DnsServer server;

	private final ServingGate gate;

	private final @Nullable ServedZones zones;

	private final @Nullable PeerProbers peers;

	public SelfDnsHealthIndicator(DnsServer server, ServingGate gate) {
		this(server, gate, null, null);
	}

	/**
	 * Create the component.
	 * @param server the listeners
	 * @param gate the first zone's gate
	 * @param zones every zone, to show each zone's gate where there are several; {@code null}
	 * for one
	 * @param peers every zone's prober, to show how many peers of each zone are open, closed,
	 * silent or unresolved; {@code null} without the fleet
	 */
	public SelfDnsHealthIndicator(DnsServer server, ServingGate gate, @Nullable ServedZones zones,
			@Nullable PeerProbers peers) {
		this.server = server;
		this.gate = gate;
		this.zones = zones;
		this.peers = peers;
	}

	@Override
	public Health health() {
		GateState state = this.gate.state();
		Health.Builder builder = this.server.isRunning() ? Health.up() : Health.down();
		builder.withDetail("answering", state.open()).withDetail("reason", state.detail());
		if (this.server.getUdpAddress() != null) {
			builder.withDetail("udp", DnsServer.describe(this.server.getUdpAddress()));
		}
		if (this.server.getTcpAddress() != null) {
			builder.withDetail("tcp", DnsServer.describe(this.server.getTcpAddress()));
		}
		PeerProbers probers = this.peers;
		ServedZones served = this.zones;
		if (served != null && served.tables().size() > 1) {
			// One zone closed on its own health is still a healthy host: shown, never DOWN.
			Map<String, Map<String, Object>> zones = new LinkedHashMap<>();
			for (int i = 0; i < served.tables().size(); i++) {
				GateState zone = served.gates().get(i).state();
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("answering", zone.open());
				details.put("reason", zone.detail());
				if (probers != null && i < probers.zones().size()) {
					details.put("peers", counts(probers.zones().get(i).prober()));
				}
				zones.put(served.tables().get(i).zone().origin().toString(), details);
			}
			builder.withDetail("zones", zones);
		}
		else if (probers != null && !probers.zones().isEmpty()) {
			builder.withDetail("peers", counts(probers.zones().get(0).prober()));
		}
		return builder.build();
	}

	private static Map<String, Long> counts(PeerProber prober) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (PeerCondition condition : PeerCondition.values()) {
			counts.put(condition.tag(), prober.count(condition));
		}
		return counts;
	}

}
