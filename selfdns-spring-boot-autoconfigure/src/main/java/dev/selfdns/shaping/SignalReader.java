package dev.selfdns.shaping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSupport;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * Reads one {@link LoadSignal} from a meter registry. Rates and means are taken between two
 * samples, so the reader keeps the previous totals. A missing meter, or a statistic the meter
 * cannot give, reads as {@code NaN}.
 */
final class SignalReader {

	private static final double NANOS_PER_SECOND = 1e9;

	private final LoadSignal signal;

	private final List<Tag> tags;

	private double previousCount = Double.NaN;

	private double previousTotal = Double.NaN;

	private long previousNanos;

	SignalReader(LoadSignal signal) {
		this.signal = signal;
		List<Tag> tags = new ArrayList<>();
		for (Map.Entry<String, String> tag : signal.tags().entrySet()) {
			tags.add(Tag.of(tag.getKey(), tag.getValue()));
		}
		this.tags = List.copyOf(tags);
	}

	LoadSignal signal() {
		return this.signal;
	}

	/**
	 * Read the signal now.
	 * @param registry the registry to search
	 * @param nowNanos a monotonic time, for rates
	 * @return the value, or {@code NaN}
	 */
	double read(MeterRegistry registry, long nowNanos) {
		Collection<Meter> meters = registry.find(this.signal.meter()).tags(this.tags).meters();
		if (meters.isEmpty()) {
			return Double.NaN;
		}
		return switch (statistic(meters.iterator().next())) {
			case VALUE, AUTO -> max(meters, SignalReader::value);
			case RATE -> rate(meters, nowNanos);
			case MEAN -> mean(meters, nowNanos);
			case MAX -> max(meters, SignalReader::maximum);
			case ACTIVE_TASKS -> sum(meters, SignalReader::activeTasks);
			case PERCENTILE -> max(meters, this::percentile);
		};
	}

	private SignalStatistic statistic(Meter meter) {
		if (this.signal.statistic() != SignalStatistic.AUTO) {
			return this.signal.statistic();
		}
		if (meter instanceof Counter || meter instanceof FunctionCounter) {
			return SignalStatistic.RATE;
		}
		if (meter instanceof Timer || meter instanceof FunctionTimer || meter instanceof DistributionSummary) {
			return SignalStatistic.MEAN;
		}
		if (meter instanceof LongTaskTimer) {
			return SignalStatistic.ACTIVE_TASKS;
		}
		return SignalStatistic.VALUE;
	}

	private double rate(Collection<Meter> meters, long nowNanos) {
		double count = sum(meters, SignalReader::count);
		double rate = Double.NaN;
		if (!Double.isNaN(this.previousCount) && nowNanos > this.previousNanos) {
			rate = Math.max(0, count - this.previousCount) * NANOS_PER_SECOND / (nowNanos - this.previousNanos);
		}
		this.previousCount = count;
		this.previousNanos = nowNanos;
		return rate;
	}

	private double mean(Collection<Meter> meters, long nowNanos) {
		double count = sum(meters, SignalReader::count);
		double total = sum(meters, SignalReader::total);
		double mean = Double.NaN;
		if (!Double.isNaN(this.previousCount)) {
			double events = count - this.previousCount;
			// No events since the last sample: nothing was slow.
			mean = (events > 0) ? Math.max(0, total - this.previousTotal) / events : 0;
		}
		this.previousCount = count;
		this.previousTotal = total;
		this.previousNanos = nowNanos;
		return mean;
	}

	private double percentile(Meter meter) {
		if (meter instanceof HistogramSupport histogram) {
			for (ValueAtPercentile value : histogram.takeSnapshot().percentileValues()) {
				if (Math.abs(value.percentile() - this.signal.percentile()) < 1e-9) {
					return (meter instanceof Timer) ? value.value(TimeUnit.SECONDS) : value.value();
				}
			}
		}
		return Double.NaN;
	}

	private static double value(Meter meter) {
		if (meter instanceof TimeGauge gauge) {
			return gauge.value(TimeUnit.SECONDS);
		}
		if (meter instanceof Gauge gauge) {
			return gauge.value();
		}
		for (Measurement measurement : meter.measure()) {
			return measurement.getValue();
		}
		return Double.NaN;
	}

	private static double count(Meter meter) {
		if (meter instanceof Counter counter) {
			return counter.count();
		}
		if (meter instanceof FunctionCounter counter) {
			return counter.count();
		}
		if (meter instanceof Timer timer) {
			return timer.count();
		}
		if (meter instanceof FunctionTimer timer) {
			return timer.count();
		}
		if (meter instanceof DistributionSummary summary) {
			return summary.count();
		}
		return Double.NaN;
	}

	private static double total(Meter meter) {
		if (meter instanceof Timer timer) {
			return timer.totalTime(TimeUnit.SECONDS);
		}
		if (meter instanceof FunctionTimer timer) {
			return timer.totalTime(TimeUnit.SECONDS);
		}
		if (meter instanceof DistributionSummary summary) {
			return summary.totalAmount();
		}
		return Double.NaN;
	}

	private static double maximum(Meter meter) {
		if (meter instanceof Timer timer) {
			return timer.max(TimeUnit.SECONDS);
		}
		if (meter instanceof LongTaskTimer timer) {
			return timer.max(TimeUnit.SECONDS);
		}
		if (meter instanceof DistributionSummary summary) {
			return summary.max();
		}
		return Double.NaN;
	}

	private static double activeTasks(Meter meter) {
		return (meter instanceof LongTaskTimer timer) ? timer.activeTasks() : Double.NaN;
	}

	private static double max(Collection<Meter> meters, MeterValue value) {
		double result = Double.NaN;
		for (Meter meter : meters) {
			double v = value.of(meter);
			if (!Double.isNaN(v) && (Double.isNaN(result) || v > result)) {
				result = v;
			}
		}
		return result;
	}

	private static double sum(Collection<Meter> meters, MeterValue value) {
		double result = Double.NaN;
		for (Meter meter : meters) {
			double v = value.of(meter);
			if (!Double.isNaN(v)) {
				result = Double.isNaN(result) ? v : result + v;
			}
		}
		return result;
	}

	@FunctionalInterface
	private interface MeterValue {

		double of(Meter meter);

	}

}
