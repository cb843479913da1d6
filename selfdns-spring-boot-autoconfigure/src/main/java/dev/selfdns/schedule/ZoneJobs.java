package dev.selfdns.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

import org.springframework.context.SmartLifecycle;

/**
 * One kind of work for every zone that has it (probes, registration, the parent's NS set, a
 * janitor, signature refresh), as one bean: started together in one phase, stopped together, last
 * started first stopped. A zone is found by its name; no zone is special.
 *
 * @param <T> the work of one zone
 */
public class ZoneJobs<T extends SmartLifecycle> implements SmartLifecycle {

	private final Map<Name, T> jobs;

	private final int phase;

	private volatile boolean running;

	/**
	 * Hold the work.
	 * @param jobs each zone's work, in the order the zones are configured
	 * @param phase the phase they all share
	 */
	protected ZoneJobs(Map<Name, ? extends T> jobs, int phase) {
		this.jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
		this.phase = phase;
	}

	/**
	 * Each zone's work.
	 * @return by zone, in the order configured
	 */
	public final Map<Name, T> byZone() {
		return this.jobs;
	}

	/**
	 * Every zone's work.
	 * @return it, in the order configured
	 */
	public final List<T> all() {
		return List.copyOf(this.jobs.values());
	}

	/**
	 * One zone's work.
	 * @param zone the zone's name
	 * @return its work, {@code null} for a zone without it
	 */
	public final @Nullable T of(Name zone) {
		return this.jobs.get(zone);
	}

	@Override
	public void start() {
		this.jobs.values().forEach(SmartLifecycle::start);
		this.running = true;
	}

	@Override
	public void stop() {
		List<T> reversed = new ArrayList<>(this.jobs.values());
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
