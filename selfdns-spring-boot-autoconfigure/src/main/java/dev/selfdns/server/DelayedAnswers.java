package dev.selfdns.server;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transport's send timer for answers that load shaping delays: one timer thread, no thread
 * sleeps per answer. At most {@code maxPending} answers wait at once; beyond that a delayed
 * answer is dropped and counted, so a flood cannot grow the heap. The server starts it with
 * its listeners and stops it after them; the timer thread is made on the first delayed answer.
 */
public final class DelayedAnswers {

	private final int maxPending;

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicLong overflowed = new AtomicLong();

	private volatile ScheduledThreadPoolExecutor timer;

	/**
	 * Create the timer.
	 * @param maxPending the most answers waiting at once
	 */
	public DelayedAnswers(int maxPending) {
		this.maxPending = maxPending;
		this.timer = newTimer();
	}

	private static ScheduledThreadPoolExecutor newTimer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "selfdns-delay");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		return timer;
	}

	/**
	 * Send an answer later.
	 * @param send sends the answer
	 * @param delayNanos the delay
	 * @return {@code false} if too many answers wait already: the answer was dropped
	 */
	public boolean schedule(Runnable send, long delayNanos) {
		if (this.pending.incrementAndGet() > this.maxPending) {
			this.pending.decrementAndGet();
			this.overflowed.incrementAndGet();
			return false;
		}
		try {
			this.timer.schedule(() -> {
				try {
					send.run();
				}
				finally {
					this.pending.decrementAndGet();
				}
			}, delayNanos, TimeUnit.NANOSECONDS);
			return true;
		}
		catch (RejectedExecutionException ex) {
			// Stopping: the listeners are closing too, so the answer would not go out anyway.
			this.pending.decrementAndGet();
			return false;
		}
	}

	/**
	 * Answers waiting now.
	 * @return the number
	 */
	public int pending() {
		return this.pending.get();
	}

	/**
	 * Answers dropped because too many were waiting.
	 * @return the number since start
	 */
	public long overflowed() {
		return this.overflowed.get();
	}

	public int maxPending() {
		return this.maxPending;
	}

	/** Start anew after {@link #stop()}: a stopped timer takes no answers. */
	void start() {
		if (this.timer.isShutdown()) {
			this.timer = newTimer();
		}
	}

	/** Stop the timer; answers still waiting are not sent. */
	void stop() {
		ScheduledThreadPoolExecutor stopping = this.timer;
		stopping.shutdownNow();
		this.pending.set(0);
		try {
			stopping.awaitTermination(Duration.ofSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
