package dev.selfdns.actuate;

import dev.selfdns.gate.GateState;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code selfdns} health component: UP while the listeners are bound, whether or not the
 * gate lets them answer (a drained host is healthy). The gate never reads this component, so
 * the two cannot hold each other closed.
 */
public class SelfDnsHealthIndicator implements HealthIndicator {

	private final DnsServer server;

	private final ServingGate gate;

	public SelfDnsHealthIndicator(DnsServer server, ServingGate gate) {
		this.server = server;
		this.gate = gate;
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
		return builder.build();
	}

}
