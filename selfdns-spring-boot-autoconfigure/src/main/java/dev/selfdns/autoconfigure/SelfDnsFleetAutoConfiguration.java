package dev.selfdns.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import dev.selfdns.fleet.PeerProber;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;
import dev.selfdns.wire.AnswerTable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the fleet: each host asks its peers for their state, so that a host
 * closed by health can fail open when no peer answers.
 */
@AutoConfiguration(after = { SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class })
@ConditionalOnBean({ DnsServer.class, ServingGate.class })
@Import(SelfDnsPropertiesConfiguration.class)
public final class SelfDnsFleetAutoConfiguration {

	/** A round waits this long for its answers at most: peers answer in milliseconds or not at all. */
	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	@Bean
	@ConditionalOnMissingBean
	PeerProber selfDnsPeerProber(AnswerTable answers, ServingGate gate, DnsServer server,
			SelfDnsProperties properties) {
		SelfDnsProperties.Peers peers = properties.getPeers();
		Duration timeout = (peers.getProbeInterval().compareTo(PROBE_TIMEOUT) < 0) ? peers.getProbeInterval()
				: PROBE_TIMEOUT;
		return new PeerProber(answers, gate, peers.getProbeInterval(),
				() -> (peers.getPort() != null) ? peers.getPort() : server.getPort(), timeout, Clock.systemUTC(),
				DnsServer.PHASE - 1);
	}

}
