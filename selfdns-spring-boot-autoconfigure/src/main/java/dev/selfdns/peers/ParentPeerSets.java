package dev.selfdns.peers;

import java.util.Map;

import dev.selfdns.schedule.ZoneJobs;
import org.xbill.DNS.Name;

/**
 * The NS set of every zone delegated by a parent elsewhere, read from that parent
 * ({@code selfdns.peers.source=parent}).
 */
public final class ParentPeerSets extends ZoneJobs<ParentPeerSet> {

	/**
	 * Hold the readers.
	 * @param sets each zone's, in the order configured
	 * @param phase the lifecycle phase: before the listeners start
	 */
	public ParentPeerSets(Map<Name, ParentPeerSet> sets, int phase) {
		super(sets, phase);
	}

}
