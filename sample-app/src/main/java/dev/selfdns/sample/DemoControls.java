package dev.selfdns.sample;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Demo controls for experiments (sample only, off unless {@code sample.demo.enabled=true}): set
 * a load gauge that a shaping signal can read ({@code demo.load}), and turn a health
 * indicator ({@code demo}) DOWN and UP. The resolver lab steers hosts through these, so it
 * exercises the real code paths: Micrometer, actuator health, the gate and the shaper.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("sample.demo.enabled")
class DemoControls {

	@Bean
	DemoState demoState() {
		return new DemoState();
	}

	@Bean
	MeterBinder demoLoadGauge(DemoState state) {
		return (registry) -> Gauge.builder("demo.load", state.load, AtomicReference::get)
			.description("Load set over HTTP for demonstrations")
			.register(registry);
	}

	@Bean
	HealthIndicator demoHealthIndicator(DemoState state) {
		return () -> Health.status(state.health.get()).build();
	}

	/** {@code PUT /demo/load?value=0.7} sets the gauge; {@code PUT /demo/health?status=DOWN} the indicator. */
	@Bean
	RouterFunction<ServerResponse> demoRoutes(DemoState state) {
		return RouterFunctions.route()
			.PUT("/demo/load", (request) -> {
				double value;
				try {
					value = Double.parseDouble(request.param("value").orElse(""));
				}
				catch (NumberFormatException ex) {
					return ServerResponse.badRequest().body("value must be a number, e.g. /demo/load?value=0.7\n");
				}
				state.load.set(value);
				return ServerResponse.ok().body("demo.load=" + value + "\n");
			})
			.PUT("/demo/health", (request) -> {
				Status status = switch (request.param("status").orElse("").toUpperCase(Locale.ROOT)) {
					case "UP" -> Status.UP;
					case "DOWN" -> Status.DOWN;
					case "OUT_OF_SERVICE" -> Status.OUT_OF_SERVICE;
					default -> null;
				};
				if (status == null) {
					return ServerResponse.badRequest().body("status must be UP, DOWN or OUT_OF_SERVICE\n");
				}
				state.health.set(status);
				return ServerResponse.ok().body("demo health " + status.getCode() + "\n");
			})
			.build();
	}

	static final class DemoState {

		final AtomicReference<Double> load = new AtomicReference<>(0.0);

		final AtomicReference<Status> health = new AtomicReference<>(Status.UP);

	}

}
