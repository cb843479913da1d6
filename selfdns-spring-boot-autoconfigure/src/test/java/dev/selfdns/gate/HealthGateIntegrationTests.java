package dev.selfdns.gate;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.selfdns.Deadline;
import dev.selfdns.DnsHeaderBytes;
import dev.selfdns.DnsTestClient;
import dev.selfdns.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.selfdns.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate over real sockets, fed by the real actuator health registry: a health indicator
 * goes DOWN and the name server stops answering within a poll interval, in every
 * {@code when-closed} mode; UP brings the answers back.
 */
class HealthGateIntegrationTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private final ApplicationContextRunner runner = TestServers.runner()
		.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class))
		.withUserConfiguration(ToggleHealthConfiguration.class)
		.withPropertyValues("selfdns.gate.poll-interval=" + POLL.toMillis() + "ms");

	@ParameterizedTest
	@EnumSource(WhenClosed.class)
	void healthDownClosesTheGateWithinAPollIntervalAndUpReopensIt(WhenClosed mode) {
		this.runner.withPropertyValues("selfdns.gate.when-closed=" + mode.name().toLowerCase()).run((context) -> {
			DnsTestClient client = ready(context);
			assertThat(answerTo(client)).isEqualTo("answer");
			toggle(context).set(Status.DOWN);
			long start = System.nanoTime();
			String expected = switch (mode) {
				case DROP -> "silence";
				case REFUSED -> "REFUSED";
				case SERVFAIL -> "SERVFAIL";
			};
			Deadline.poll(POLL.multipliedBy(5), () -> answerTo(client), expected::equals);
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isLessThan(POLL.plus(DnsTestClient.SILENCE).plusMillis(500));
			assertThat(context.getBean(ServingGate.class).state().detail()).contains("toggle DOWN");
			toggle(context).set(Status.UP);
			Deadline.poll(POLL.multipliedBy(5), () -> answerTo(client), "answer"::equals);
		});
	}

	@Test
	void aHealthCheckThatHangsClosesTheGateAtTheTimeoutAndTheGateFollowsHealthBackWithinAPoll() {
		Hanging hanging = new Hanging();
		this.runner.withBean("hanging", HealthIndicator.class, () -> hanging::health)
			.withPropertyValues("selfdns.gate.health-timeout=300ms")
			.run((context) -> {
				DnsTestClient client = ready(context);
				ServingGate gate = context.getBean(ServingGate.class);
				hanging.hang();
				Deadline.poll(Duration.ofSeconds(3), () -> answerTo(client), "REFUSED"::equals);
				assertThat(gate.state().reason()).isEqualTo(GateReason.HEALTH);
				assertThat(gate.state().detail()).startsWith("health check timed out")
					.contains("300ms")
					.contains("selfdns.gate.health-timeout");
				// Readings go on while the calls hang, each on schedule; calls that ignore interrupts
				// stay stuck, on a bounded number of threads.
				Deadline.poll(Duration.ofSeconds(5), hanging.calls::get, (calls) -> calls >= 4);
				assertThat(Thread.getAllStackTraces().keySet())
					.filteredOn((thread) -> thread.getName().startsWith("selfdns-health-check-"))
					.hasSizeLessThanOrEqualTo(dev.selfdns.schedule.SelfDnsScheduler.MAX_READINGS);
				assertThat(gate.isOpen()).isFalse();
				// The database answers again, but the calls already stuck do not return for long.
				long recovered = System.nanoTime();
				hanging.recover();
				Deadline.poll(Duration.ofSeconds(3), () -> answerTo(client), "answer"::equals);
				assertThat(Duration.ofNanos(System.nanoTime() - recovered)).as("the gate follows health back")
					.isLessThan(POLL.plusMillis(300).multipliedBy(3));
				assertThat(hanging.stuck.get()).as("while the old calls are still stuck").isPositive();
				hanging.release();
			});
	}

	@Test
	void gateIsClosedUntilTheApplicationIsReadyAndWhileReadinessRefusesTraffic() {
		this.runner.run((context) -> {
			ServingGate gate = context.getBean(ServingGate.class);
			DnsTestClient client = TestServers.client(context);
			assertThat(gate.state().reason()).isEqualTo(GateReason.STARTING);
			assertThat(answerTo(client)).isEqualTo("REFUSED");
			gate.applicationReady();
			Deadline.poll(POLL.multipliedBy(5), () -> answerTo(client), "answer"::equals);
			ApplicationContext real = context.getSourceApplicationContext();
			AvailabilityChangeEvent.publish(real, ReadinessState.REFUSING_TRAFFIC);
			assertThat(gate.state().reason()).isEqualTo(GateReason.NOT_READY);
			assertThat(answerTo(client)).isEqualTo("REFUSED");
			AvailabilityChangeEvent.publish(real, ReadinessState.ACCEPTING_TRAFFIC);
			// Reopens on the health reading the event triggers, not on an older one.
			Deadline.poll(POLL.multipliedBy(5), () -> answerTo(client), "answer"::equals);
		});
	}

	@Test
	void healthGroupLimitsWhatTheGateReads() {
		this.runner
			.withPropertyValues("management.endpoint.health.group.dns.include=steady",
					"selfdns.gate.health-group=dns")
			.run((context) -> {
				DnsTestClient client = ready(context);
				toggle(context).set(Status.DOWN);
				// The toggle is outside the group: a few polls later the host still answers.
				HealthPoller poller = context.getBean(HealthPoller.class);
				poller.poll();
				assertThat(context.getBean(ServingGate.class).isOpen()).isTrue();
				assertThat(answerTo(client)).isEqualTo("answer");
			});
	}

	@Test
	void unknownHealthGroupFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("selfdns.gate.health-group=nosuchgroup").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("selfdns.gate.health-group")
				.hasMessageContaining("management.endpoint.health.group.nosuchgroup.include");
		});
	}

	@Test
	void drainAndShutdownCloseTheGate() {
		this.runner.run((context) -> {
			DnsTestClient client = ready(context);
			ServingGate gate = context.getBean(ServingGate.class);
			gate.drain("kernel upgrade");
			assertThat(gate.state().detail()).isEqualTo("drained by an operator: kernel upgrade");
			assertThat(answerTo(client)).isEqualTo("REFUSED");
			gate.resume();
			assertThat(answerTo(client)).isEqualTo("answer");
			gate.shutdown();
			assertThat(gate.state().reason()).isEqualTo(GateReason.SHUTTING_DOWN);
			assertThat(answerTo(client)).isEqualTo("REFUSED");
		});
	}

	@Test
	void eventsOfChildContextsDoNotMoveTheGate() {
		this.runner.run((context) -> {
			DnsTestClient client = ready(context);
			try (AnnotationConfigApplicationContext child = new AnnotationConfigApplicationContext()) {
				child.setParent(context.getSourceApplicationContext());
				child.refresh();
				AvailabilityChangeEvent.publish(child, ReadinessState.REFUSING_TRAFFIC);
			}
			assertThat(context.getBean(ServingGate.class).state().reason()).isEqualTo(GateReason.OPEN);
			assertThat(answerTo(client)).isEqualTo("answer");
		});
	}

	@Test
	void theSelfdnsHealthComponentIsNeverPartOfTheGate() {
		// An own "selfdns" component in place of selfdns' one, DOWN whatever the gate says.
		this.runner.withBean("selfdnsHealthIndicator", HealthIndicator.class, () -> () -> Health.down().build())
			.run((context) -> {
			DnsTestClient client = ready(context);
			assertThat(answerTo(client)).isEqualTo("answer");
		});
	}

	private static DnsTestClient ready(ApplicationContext context) throws Exception {
		ServingGate gate = context.getBean(ServingGate.class);
		gate.applicationReady();
		DnsTestClient client = TestServers.client(context);
		Deadline.poll(POLL.multipliedBy(10), () -> answerTo(client), "answer"::equals);
		return client;
	}

	private static String answerTo(DnsTestClient client) throws Exception {
		byte[] response = client.udpOrSilence(query("www.example.com.", Type.A).toWire());
		if (response == null) {
			return "silence";
		}
		Message message = new Message(response);
		if (message.getRcode() == Rcode.NOERROR && message.getSection(Section.ANSWER).size() == 1) {
			return "answer";
		}
		return Rcode.string(DnsHeaderBytes.rcode(response));
	}

	@SuppressWarnings("unchecked")
	private static AtomicReference<Status> toggle(ApplicationContext context) {
		return context.getBean("toggleStatus", AtomicReference.class);
	}

	/**
	 * A health indicator that can be made to hang, as one waiting on a database would: a call
	 * made while it hangs stays stuck, ignoring interrupts as a blocking socket read does, until
	 * released, even after new calls are healthy again.
	 */
	static final class Hanging {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger stuck = new AtomicInteger();

		private volatile boolean hanging;

		private final CountDownLatch latch = new CountDownLatch(1);

		void hang() {
			this.calls.set(0);
			this.hanging = true;
		}

		void recover() {
			this.hanging = false;
		}

		void release() {
			this.latch.countDown();
		}

		Health health() {
			if (this.hanging) {
				this.calls.incrementAndGet();
				this.stuck.incrementAndGet();
				// Bounded, so a failing test cannot leave a thread behind for long.
				long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				boolean interrupted = false;
				while (this.latch.getCount() > 0 && System.nanoTime() < end) {
					try {
						this.latch.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
					}
					catch (InterruptedException ex) {
						interrupted = true;
					}
				}
				this.stuck.decrementAndGet();
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
			return Health.up().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ToggleHealthConfiguration {

		@Bean
		AtomicReference<Status> toggleStatus() {
			return new AtomicReference<>(Status.UP);
		}

		@Bean
		HealthIndicator steady() {
			return () -> Health.up().build();
		}

		@Bean
		HealthIndicator toggle(AtomicReference<Status> toggleStatus) {
			return () -> Health.status(toggleStatus.get()).build();
		}

	}

}
