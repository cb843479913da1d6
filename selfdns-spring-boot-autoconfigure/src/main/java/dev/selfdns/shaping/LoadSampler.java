package dev.selfdns.shaping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import dev.selfdns.schedule.PeriodicLifecycle;
import dev.selfdns.schedule.SelfDnsScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reads the load signals on a schedule, never per query: the worst signal's level is the raw
 * load, smoothed and handed to the {@link LoadShaper}. A meter that does not exist yet is
 * reported once and ignored until it appears.
 */
public final class LoadSampler extends PeriodicLifecycle {

	private static final Log logger = LogFactory.getLog(LoadSampler.class);

	private final MeterRegistry registry;

	private final List<SignalReader> readers;

	private final boolean[] missing;

	private final ScoreSmoother smoother;

	private final LoadShaper shaper;

	private final LongSupplier nanoTime;

	/**
	 * Create a sampler.
	 * @param scheduler the threads all periodic work runs on
	 * @param registry where the meters are
	 * @param signals the signals to read
	 * @param smoothing the smoothing time constant (zero: none)
	 * @param hysteresis how far the smoothed load must move before shaping changes
	 * @param interval the time between samples
	 * @param shaper receives each new load
	 * @param nanoTime a monotonic clock
	 * @param phase the lifecycle phase
	 */
	public LoadSampler(SelfDnsScheduler scheduler, MeterRegistry registry, List<LoadSignal> signals, Duration smoothing, double hysteresis,
			Duration interval, LoadShaper shaper, LongSupplier nanoTime, int phase) {
		super(scheduler, SelfDnsScheduler.Lane.GATE, "shaping", interval, phase);
		this.registry = registry;
		this.readers = signals.stream().map(SignalReader::new).toList();
		this.missing = new boolean[signals.size()];
		this.smoother = new ScoreSmoother(smoothing, hysteresis);
		this.shaper = shaper;
		this.nanoTime = nanoTime;
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
	protected void runOnce() {
		sample();
	}

}
