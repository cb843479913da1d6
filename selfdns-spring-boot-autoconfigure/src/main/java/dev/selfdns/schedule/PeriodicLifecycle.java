package dev.selfdns.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link #runOnce()} on the host's {@link SelfDnsScheduler} at a fixed delay while the
 * context runs, first at start. The work never runs on a query thread, and never on two threads
 * at once: the scheduled runs and those asked for in between take turns, in the order asked. A
 * run that throws is logged and the next one still comes.
 */
public abstract class PeriodicLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PeriodicLifecycle.class);

	private final SelfDnsScheduler scheduler;

	private final SelfDnsScheduler.Lane lane;

	private final String taskName;

	private final Duration interval;

	private final int phase;

	/** Work asked for, run one after the other by whichever scheduler thread drains it. */
	private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean draining = new AtomicBoolean();

	private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

	private volatile boolean running;

	/** Counts starts, so a run of an earlier start does not schedule a second chain after a restart. */
	private long generation;

	/**
	 * Create the lifecycle.
	 * @param scheduler the threads it runs on, shared with every other job of every zone
	 * @param taskName what the job is and for which zone, for logs, e.g. {@code peers www.example.com.}
	 * @param interval the delay between the end of one run and the start of the next
	 * @param phase the lifecycle phase
	 */
	protected PeriodicLifecycle(SelfDnsScheduler scheduler, String taskName, Duration interval, int phase) {
		this(scheduler, SelfDnsScheduler.Lane.WORK, taskName, interval, phase);
	}

	/**
	 * Create the lifecycle on a lane of its own choosing.
	 * @param scheduler the threads it runs on, shared with every other job of every zone
	 * @param lane {@link SelfDnsScheduler.Lane#GATE} for work the gate decides from, which never
	 * waits on the network
	 * @param taskName what the job is and for which zone, for logs
	 * @param interval the delay between the end of one run and the start of the next
	 * @param phase the lifecycle phase
	 */
	protected PeriodicLifecycle(SelfDnsScheduler scheduler, SelfDnsScheduler.Lane lane, String taskName,
			Duration interval, int phase) {
		this.scheduler = scheduler;
		this.lane = lane;
		this.taskName = taskName;
		this.interval = interval;
		this.phase = phase;
	}

	/** Do the work once. Called on a scheduler thread, never while another run of this job goes on. */
	protected abstract void runOnce();

	/**
	 * What the job is and for which zone.
	 * @return the name given at creation
	 */
	public final String taskName() {
		return this.taskName;
	}

	/** Run once more as soon as this job's turn comes, outside the schedule. */
	protected final void runSoon() {
		if (this.running) {
			submit(this::runOnce);
		}
	}

	/**
	 * Run once more after a delay, outside the schedule, in this job's turn.
	 * @param delay how long from now
	 * @param work what to run
	 * @return whether it is scheduled: not while the lifecycle is stopped
	 */
	protected final synchronized boolean runAfter(Duration delay, Runnable work) {
		if (!this.running) {
			return false;
		}
		track(this.scheduler.schedule(this.lane, () -> submit(work), delay));
		return true;
	}

	private void track(ScheduledFuture<?> future) {
		this.scheduled.removeIf(ScheduledFuture::isDone);
		this.scheduled.add(future);
	}

	private void submit(Runnable work) {
		this.pending.add(work);
		if (this.draining.compareAndSet(false, true)) {
			this.scheduler.execute(this.lane, this::drain);
		}
	}

	/** One thread at a time runs this job's pending work; another takes over only once it is done. */
	private void drain() {
		while (true) {
			Runnable work;
			while ((work = this.pending.poll()) != null) {
				if (this.running) {
					runSafely(work);
				}
			}
			this.draining.set(false);
			if (this.pending.isEmpty() || !this.draining.compareAndSet(false, true)) {
				return;
			}
		}
	}

	private void runSafely(Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			logger.warn(this.taskName + " failed; it runs again at the next interval: " + ex.getMessage(), ex);
		}
	}

	/** The scheduled run: the work, then the next one an interval after it ends. */
	private void scheduledRun(long started) {
		try {
			runOnce();
		}
		finally {
			synchronized (this) {
				if (this.running && started == this.generation) {
					track(this.scheduler.schedule(this.lane, () -> submit(() -> scheduledRun(started)), this.interval));
				}
			}
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		long started = ++this.generation;
		submit(() -> scheduledRun(started));
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.scheduled.forEach((future) -> future.cancel(false));
		this.scheduled.clear();
		this.pending.clear();
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
