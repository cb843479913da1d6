package dev.selfdns.shaping;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.SmartLifecycle;

/**
 * Sends delayed answers from one timer thread: no thread sleeps per answer. At most
 * {@code maxPending} answers wait at once; beyond that a delayed answer is dropped and
 * counted, so a flood cannot grow the heap.
 */
public final class DelayedAnswers implements SmartLifecycle {

	private final int maxPending;

	private final int phase;

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicLong overflowed = new AtomicLong();

	private final ScheduledThreadPoolExecutor timer;

	private volatile boolean running;

	/**
	 * Create the timer.
	 * @param maxPending the most answers waiting at once
	 * @param phase the lifecycle phase: it stops after the listeners
	 */
	public DelayedAnswers(int maxPending, int phase) {
		this.maxPending = maxPending;
		this.phase = phase;
		this.timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "selfdns-delay");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.setRemoveOnCancelPolicy(true);
		this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.timer.shutdownNow();
		try {
			this.timer.awaitTermination(Duration.ofSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
