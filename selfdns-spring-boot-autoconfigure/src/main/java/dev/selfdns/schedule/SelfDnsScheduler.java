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
 * zone as for ten. Not a {@link org.springframework.scheduling.TaskScheduler} bean: that would
 * take over the application's own {@code @Scheduled} methods.
 */
public final class SelfDnsScheduler implements DisposableBean {

	/**
	 * Work threads. A job waits at most its timeout on the network (a probe round 1 s, an exchange
	 * with a parent 5 s): with four, health and probes still run on time while two parents time out.
	 */
	public static final int THREADS = 4;

	/** Health readings that may run at once: the one due and those left behind, still hung. */
	public static final int MAX_READINGS = 32;

	private final ScheduledThreadPoolExecutor executor;

	private final ThreadPoolExecutor readings;

	/** Create the threads, which start as work arrives. */
	public SelfDnsScheduler() {
		this.executor = new ScheduledThreadPoolExecutor(THREADS, daemons("selfdns-scheduler-"));
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
	 * @param work what to run
	 * @param delay how long from now
	 * @return its future, to cancel it
	 */
	ScheduledFuture<?> schedule(Runnable work, Duration delay) {
		return this.executor.schedule(work, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Run work as soon as a thread is free.
	 * @param work what to run
	 */
	void execute(Runnable work) {
		this.executor.execute(work);
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
		this.executor.shutdownNow();
		this.readings.shutdownNow();
	}

}
