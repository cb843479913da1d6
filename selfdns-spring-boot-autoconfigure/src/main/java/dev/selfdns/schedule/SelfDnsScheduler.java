package dev.selfdns.schedule;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;

/**
 * The threads that run all periodic work of all zones: probes, registration, the parents' NS
 * sets, janitors, health, signature refresh, address discovery and load sampling. Each job is a
 * {@link PeriodicLifecycle} that schedules itself here, so a host runs the same threads for one
 * zone as for ten. Two lanes: the gate's ({@link Lane#GATE}: health and load, which decide what
 * the host answers and never wait on the network) and the rest ({@link Lane#WORK}), so a parent
 * that times out can delay a registration but never a health reading. Not a
 * {@link org.springframework.scheduling.TaskScheduler} bean: that would take over the
 * application's own {@code @Scheduled} methods.
 */
public final class SelfDnsScheduler implements DisposableBean {

	/** Which threads a job runs on. */
	public enum Lane {

		/** Health and load sampling: what the gate and shaping decide from, on time whatever else waits. */
		GATE,

		/** Work that waits on the network: probes, registration, the parents, key checks, discovery. */
		WORK

	}

	/**
	 * Threads of the work lane. A job waits at most its timeout on the network (a probe round
	 * 1 s, an exchange with a parent 5 s); a late probe or registration only delays what the
	 * fleet learns, and silence keeps the safe behaviour.
	 */
	public static final int WORK_THREADS = 2;

	/** Health readings that may run at once: the one due and those left behind, still hung. */
	public static final int MAX_READINGS = 32;

	private final ScheduledThreadPoolExecutor gate;

	private final ScheduledThreadPoolExecutor executor;

	private final ThreadPoolExecutor readings;

	/** Create the threads, which start as work arrives. */
	public SelfDnsScheduler() {
		this.gate = new ScheduledThreadPoolExecutor(1, daemons("selfdns-gate-"));
		this.gate.setRemoveOnCancelPolicy(true);
		this.executor = new ScheduledThreadPoolExecutor(WORK_THREADS, daemons("selfdns-work-"));
		this.executor.setRemoveOnCancelPolicy(true);
		// A health reading that ignores interrupts must not hold a work thread: it runs here,
		// and its thread goes once it returns and has been idle a while.
		this.readings = new ThreadPoolExecutor(0, MAX_READINGS, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
				daemons("selfdns-health-check-"));
	}

	private static ThreadFactory daemons(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Run work once, after a delay.
	 * @param lane the threads to run on
	 * @param work what to run
	 * @param delay how long from now
	 * @return its future, to cancel it
	 */
	ScheduledFuture<?> schedule(Lane lane, Runnable work, Duration delay) {
		return lane(lane).schedule(work, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Run work as soon as a thread of its lane is free.
	 * @param lane the threads to run on
	 * @param work what to run
	 */
	void execute(Lane lane, Runnable work) {
		lane(lane).execute(work);
	}

	private ScheduledThreadPoolExecutor lane(Lane lane) {
		return (lane == Lane.GATE) ? this.gate : this.executor;
	}

	/**
	 * The threads that read health, each reading bounded by the poller's timeout.
	 * @return the executor, shared by every zone's reading
	 */
	public ExecutorService healthReadings() {
		return this.readings;
	}

	@Override
	public void destroy() {
		this.gate.shutdownNow();
		this.executor.shutdownNow();
		this.readings.shutdownNow();
	}

}
