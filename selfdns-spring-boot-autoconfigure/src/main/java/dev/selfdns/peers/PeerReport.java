package dev.selfdns.peers;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

import dev.selfdns.zone.HostState;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * What a host knows of one peer, a name server of its NS set other than its own.
 *
 * @param nameServer the peer's name server name
 * @param addresses the addresses it is asked at, empty when unresolved
 * @param unresolved why it has no address ({@code unresolved: <reason>}), {@code null} when it has
 * @param condition how it stands now
 * @param lastState the state it last reported, {@code null} if never heard
 * @param lastHeard when it last answered, {@code null} if never
 */
public record PeerReport(Name nameServer, List<InetAddress> addresses, @Nullable String unresolved,
		PeerCondition condition, @Nullable HostState lastState, @Nullable Instant lastHeard) {

	public PeerReport {
		addresses = List.copyOf(addresses);
	}

}
