package dev.selfdns.fleet;

import dev.selfdns.wire.AnswerTable;
import org.jspecify.annotations.Nullable;

/**
 * The fleet's work for one zone of several: its peers probed for its own gate's fail-open,
 * and where configured its registration with its own parent, its NS set read from there and
 * its janitor. Each zone has its own NS set and parent, so none of these is shared.
 *
 * @param answers the zone's answer table
 * @param prober the zone's peer prober
 * @param registration its registration, {@code null} when registration is off
 * @param peerSet its NS set read from its parent, {@code null} unless
 * {@code selfdns.peers.source=parent}
 * @param janitor its janitor, {@code null} when off
 */
public record ZoneFleet(AnswerTable answers, PeerProber prober, @Nullable SelfRegistration registration,
		@Nullable ParentPeerSet peerSet, @Nullable PeerJanitor janitor) {

}
