package dev.selfdns.metrics;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.selfdns.gate.GateReason;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.peers.PeerCondition;
import dev.selfdns.peers.PeerProber;
import dev.selfdns.peers.PeerProbers;
import dev.selfdns.query.DnsTransport;
import dev.selfdns.query.QueryCounters;
import dev.selfdns.query.QueryOutcome;
import dev.selfdns.query.QueryType;
import dev.selfdns.query.ServedZones;
import dev.selfdns.query.TcpClose;
import dev.selfdns.server.DelayedAnswers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The name server's meters: queries by transport, type and outcome, the delay shaping adds,
 * TCP connections closed by the server, and the gate. Tags never carry a query name or client
 * address.
 */
public final class SelfDnsMetrics implements MeterBinder {

	private final QueryCounters counters;

	private final ServingGate gate;

	private final @Nullable DelayedAnswers delayed;

	private final @Nullable ServedZones zones;

	private final @Nullable PeerProbers peers;

	/**
	 * Create the meters.
	 * @param counters the query counters
	 * @param gate the gate
	 * @param delayed the transport's timer for answers shaping delays, {@code null} without shaping
	 * @param zones the served zones, to count queries and show each gate by zone where several
	 * are served (meters of their own, {@code selfdns.zone.*}, so the one-zone meters keep their
	 * tags); {@code null} for none
	 * @param peers every zone's prober, to show how many peers are open, closed, silent or
	 * unresolved; {@code null} without the fleet
	 */
	public SelfDnsMetrics(QueryCounters counters, ServingGate gate, @Nullable DelayedAnswers delayed,
			@Nullable ServedZones zones, @Nullable PeerProbers peers) {
		this.counters = counters;
		this.gate = gate;
		this.delayed = delayed;
		this.zones = zones;
		this.peers = peers;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ServedZones served = this.zones;
		if (served != null && served.count() > 1) {
			bindZones(registry, served);
		}
		PeerProbers probers = this.peers;
		if (probers != null) {
			bindPeers(registry, probers);
		}
		for (DnsTransport transport : DnsTransport.values()) {
			for (QueryType type : QueryType.values()) {
				for (QueryOutcome outcome : QueryOutcome.values()) {
					FunctionCounter.builder("selfdns.queries", this.counters, (c) -> c.get(transport, type, outcome))
						.description("DNS queries received, by transport, query type and outcome")
						.baseUnit("queries")
						.tags(Tags.of("transport", tag(transport), "type", type.name(), "outcome", tag(outcome)))
						.register(registry);
				}
			}
		}
		for (TcpClose reason : TcpClose.values()) {
			FunctionCounter.builder("selfdns.tcp.closed", this.counters, (c) -> c.tcpClosedCount(reason))
				.description("TCP connections the server closed or refused, by why")
				.baseUnit("connections")
				.tag("reason", tag(reason))
				.register(registry);
		}
		FunctionTimer
			.builder("selfdns.answer.delay", this.counters, QueryCounters::delayedAnswers,
					QueryCounters::totalDelayNanos, TimeUnit.NANOSECONDS)
			.description("Delay that load shaping added to answers sent late")
			.register(registry);
		Gauge.builder("selfdns.gate.open", this.gate, (g) -> g.isOpen() ? 1 : 0)
			.description("Whether the name server answers (1) or its gate is closed (0)")
			.register(registry);
		for (GateReason reason : GateReason.values()) {
			// One series per state, 1 for the state in force: drained, closed by health, starting and
			// shutting down look alike in selfdns.gate.open.
			Gauge.builder("selfdns.gate.state", this.gate, (g) -> (g.state().reason() == reason) ? 1 : 0)
				.description("Whether the gate is in this state now (1) or not (0)")
				.tag("state", tag(reason))
				.register(registry);
		}
		FunctionCounter.builder("selfdns.gate.changes", this.gate, ServingGate::changes)
			.description("Times the gate opened, closed or changed why it is closed")
			.baseUnit("changes")
			.register(registry);
		if (this.delayed != null) {
			Gauge.builder("selfdns.shaping.pending", this.delayed, DelayedAnswers::pending)
				.description("Delayed answers waiting to be sent")
				.baseUnit("answers")
				.register(registry);
			FunctionCounter.builder("selfdns.shaping.overflow", this.delayed, DelayedAnswers::overflowed)
				.description("Delayed answers dropped because too many were waiting")
				.baseUnit("answers")
				.register(registry);
		}
	}

	private static void bindPeers(MeterRegistry registry, PeerProbers probers) {
		List<PeerProbers.ZoneProber> zones = probers.zones();
		for (int i = 0; i < zones.size(); i++) {
			PeerProber prober = zones.get(i).prober();
			for (PeerCondition condition : PeerCondition.values()) {
				if (i == 0) {
					Gauge.builder("selfdns.peers", prober, (p) -> p.count(condition))
						.description("Peers of the zone, by how this host last heard them")
						.tag("state", condition.tag())
						.register(registry);
				}
				if (zones.size() > 1) {
					Gauge.builder("selfdns.zone.peers", prober, (p) -> p.count(condition))
						.description("Peers of each zone, by how this host last heard them")
						.tags(Tags.of("zone", zones.get(i).zone().toString(), "state", condition.tag()))
						.register(registry);
				}
			}
		}
	}

	private void bindZones(MeterRegistry registry, ServedZones served) {
		for (int i = -1; i < served.count(); i++) {
			int zone = i;
			// The zone's name: a handful per app, from configuration, never from a query.
			String name = (zone >= 0) ? served.answers(zone).zone().origin().toString() : "none";
			for (QueryOutcome outcome : QueryOutcome.values()) {
				FunctionCounter.builder("selfdns.zone.queries", this.counters, (c) -> c.zone(zone, outcome))
					.description("DNS queries received, by the zone their name fell in and outcome")
					.baseUnit("queries")
					.tags(Tags.of("zone", name, "outcome", tag(outcome)))
					.register(registry);
			}
			if (zone < 0) {
				continue;
			}
			ServingGate gate = served.gate(zone);
			Gauge.builder("selfdns.zone.gate.open", gate, (g) -> g.isOpen() ? 1 : 0)
				.description("Whether a zone is answered (1) or its gate is closed (0)")
				.tag("zone", name)
				.register(registry);
			for (GateReason reason : GateReason.values()) {
				Gauge.builder("selfdns.zone.gate.state", gate, (g) -> (g.state().reason() == reason) ? 1 : 0)
					.description("Whether a zone's gate is in this state now (1) or not (0)")
					.tags(Tags.of("zone", name, "state", tag(reason)))
					.register(registry);
			}
		}
	}

	private static String tag(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
