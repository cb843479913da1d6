package dev.selfdns.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.context.SmartLifecycle;

/**
 * Several lifecycles that are not beans of their own, started together in one phase and
 * stopped together, last started first stopped: the fleet and DNSSEC work of a host's other
 * zones, one instance per zone.
 */
public final class LifecycleGroup implements SmartLifecycle {

	private final List<SmartLifecycle> members;

	private final int phase;

	private volatile boolean running;

	/**
	 * Create the group.
	 * @param members the lifecycles, in start order
	 * @param phase the phase they all share
	 */
	public LifecycleGroup(List<? extends SmartLifecycle> members, int phase) {
		this.members = List.copyOf(members);
		this.phase = phase;
	}

	@Override
	public void start() {
		this.members.forEach(SmartLifecycle::start);
		this.running = true;
	}

	@Override
	public void stop() {
		List<SmartLifecycle> reversed = new ArrayList<>(this.members);
		Collections.reverse(reversed);
		reversed.forEach(SmartLifecycle::stop);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
