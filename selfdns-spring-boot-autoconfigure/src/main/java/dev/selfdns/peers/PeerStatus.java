package dev.selfdns.peers;

import java.net.InetAddress;
import java.time.Instant;

import dev.selfdns.zone.HostState;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * What a host last heard from one peer address.
 *
 * @param nameServer the peer's name server name
 * @param address the address probed
 * @param state the state it reported in the last round, {@code null} if it did not answer
 * @param lastState the state it reported when it last answered, {@code null} if never
 * @param lastSeen when it last answered, {@code null} if never
 */
public record PeerStatus(Name nameServer, InetAddress address, @Nullable HostState state,
		@Nullable HostState lastState, @Nullable Instant lastSeen) {

}
