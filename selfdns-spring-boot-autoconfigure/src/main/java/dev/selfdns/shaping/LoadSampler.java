package dev.selfdns.shaping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Reads the load signals on a schedule, never per query: the worst signal's level is the raw
 * load, smoothed and handed to the {@link LoadShaper}. A meter that does not exist yet is
 * reported once and ignored until it appears.
 */
public final class LoadSampler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LoadSampler.class);

	private final MeterRegistry registry;

	private final List<SignalReader> readers;

	private final boolean[] missing;

	private final ScoreSmoother smoother;

	private final LoadShaper shaper;

	private final Duration interval;

	private final LongSupplier nanoTime;

	private final int phase;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a sampler.
	 * @param registry where the meters are
	 * @param signals the signals to read
	 * @param smoothing the smoothing time constant (zero: none)
	 * @param hysteresis how far the smoothed load must move before shaping changes
	 * @param interval the time between samples
	 * @param shaper receives each new load
	 * @param nanoTime a monotonic clock
	 * @param phase the lifecycle phase
	 */
	public LoadSampler(MeterRegistry registry, List<LoadSignal> signals, Duration smoothing, double hysteresis,
			Duration interval, LoadShaper shaper, LongSupplier nanoTime, int phase) {
		this.registry = registry;
		this.readers = signals.stream().map(SignalReader::new).toList();
		this.missing = new boolean[signals.size()];
		this.smoother = new ScoreSmoother(smoothing, hysteresis);
		this.shaper = shaper;
		this.interval = interval;
		this.nanoTime = nanoTime;
		this.phase = phase;
	}

	/**
	 * Take one sample now.
	 * @return the state it put in force
	 */
	public synchronized ShapingState sample() {
		long now = this.nanoTime.getAsLong();
		List<SignalReading> readings = new ArrayList<>(this.readers.size());
		double raw = 0;
		for (int i = 0; i < this.readers.size(); i++) {
			SignalReader reader = this.readers.get(i);
			double value;
			try {
				value = reader.read(this.registry, now);
			}
			catch (RuntimeException ex) {
				// A misbehaving gauge function must not stop shaping: it counts as absent.
				value = Double.NaN;
			}
			reportPresence(i, reader.signal(), !Double.isNaN(value));
			double level = Double.isNaN(value) ? 0 : reader.signal().level(value);
			readings.add(new SignalReading(reader.signal(), value, level));
			raw = Math.max(raw, level);
		}
		return this.shaper.update(this.smoother.update(raw, now), readings);
	}

	private void reportPresence(int index, LoadSignal signal, boolean present) {
		if (!present && !this.missing[index]) {
			this.missing[index] = true;
			logger.warn("selfdns.shaping.signals[" + index + "]: no value from meter " + signal.describe()
					+ " (statistic " + signal.statistic().name().toLowerCase() + "); it is ignored until it has one");
		}
		else if (present && this.missing[index]) {
			this.missing[index] = false;
			logger.info("selfdns.shaping.signals[" + index + "]: meter " + signal.describe() + " now has a value");
		}
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "selfdns-shaping");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::sample, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
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
