package dev.selfdns.shaping;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The shaping gauges: what load the host sees and what it does about it now.
 */
public final class ShapingMetrics implements MeterBinder {

	private final LoadShaper shaper;

	private final List<LoadSignal> signals;

	public ShapingMetrics(LoadShaper shaper, List<LoadSignal> signals) {
		this.shaper = shaper;
		this.signals = List.copyOf(signals);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("selfdns.shaping.score", this.shaper, (s) -> s.state().score())
			.description("Smoothed load score of this host, 0 (idle) to 1 (saturated)")
			.baseUnit("ratio")
			.register(registry);
		Gauge.builder("selfdns.shaping.overload", this.shaper, (s) -> s.state().overload())
			.description("How far the smoothed load is past saturation, 0 to 1")
			.baseUnit("ratio")
			.register(registry);
		Gauge.builder("selfdns.shaping.shed.share", this.shaper, (s) -> s.state().shedShare())
			.description("Share of resolver networks shed now")
			.baseUnit("ratio")
			.register(registry);
		Gauge.builder("selfdns.shaping.delay", this.shaper, (s) -> s.state().delayNanos() / 1e9)
			.description("Delay a shaped answer gets now")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("selfdns.shaping.drop", this.shaper, (s) -> s.state().dropProbability())
			.description("Share of shaped queries dropped now")
			.baseUnit("ratio")
			.register(registry);
		for (int i = 0; i < this.signals.size(); i++) {
			int index = i;
			Tags tags = Tags.of("signal", String.valueOf(i), "meter", this.signals.get(i).meter());
			Gauge.builder("selfdns.shaping.signal.value", this.shaper, (s) -> reading(s, index).value())
				.description("Last value read from a load signal's meter (NaN while it has none)")
				.tags(tags)
				.register(registry);
			Gauge.builder("selfdns.shaping.signal.level", this.shaper, (s) -> reading(s, index).level())
				.description("Load level of a signal: 0 at its low threshold, 1 at its high one")
				.baseUnit("ratio")
				.tags(tags)
				.register(registry);
		}
	}

	private SignalReading reading(LoadShaper shaper, int index) {
		List<SignalReading> readings = shaper.state().signals();
		return (index < readings.size()) ? readings.get(index)
				: new SignalReading(this.signals.get(index), Double.NaN, 0);
	}

}
