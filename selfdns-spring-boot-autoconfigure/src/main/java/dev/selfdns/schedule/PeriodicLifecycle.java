package dev.selfdns.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link #runOnce()} on its own daemon thread at a fixed delay while the context runs,
 * first at start. The work never runs on a query thread. A run that throws is logged and the
 * next one still comes: a scheduled executor would otherwise drop the task for good.
 */
public abstract class PeriodicLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PeriodicLifecycle.class);

	private final String threadName;

	private final Duration interval;

	private final int phase;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create the lifecycle.
	 * @param threadName the name of the thread that does the work
	 * @param interval the delay between the end of one run and the start of the next
	 * @param phase the lifecycle phase
	 */
	protected PeriodicLifecycle(String threadName, Duration interval, int phase) {
		this.threadName = threadName;
		this.interval = interval;
		this.phase = phase;
	}

	/** Do the work once. Called on the lifecycle's own thread. */
	protected abstract void runOnce();

	/** Run once more as soon as the thread is free, outside the schedule. */
	protected final synchronized void runSoon() {
		if (this.executor != null) {
			this.executor.execute(this::runSafely);
		}
	}

	/**
	 * Run once more after a delay, outside the schedule, on the lifecycle's own thread.
	 * @param delay how long from now
	 * @param work what to run
	 * @return whether it is scheduled: not while the lifecycle is stopped
	 */
	protected final synchronized boolean runAfter(Duration delay, Runnable work) {
		if (this.executor == null) {
			return false;
		}
		this.executor.schedule(() -> {
			try {
				work.run();
			}
			catch (RuntimeException ex) {
				logger.warn(this.threadName + " failed; it runs again at the next interval: " + ex.getMessage(), ex);
			}
		}, delay.toNanos(), TimeUnit.NANOSECONDS);
		return true;
	}

	private void runSafely() {
		try {
			runOnce();
		}
		catch (RuntimeException ex) {
			logger.warn(this.threadName + " failed; it runs again at the next interval: " + ex.getMessage(), ex);
		}
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, this.threadName);
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::runSafely, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
		this.executor = executor;
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
