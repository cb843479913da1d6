package dev.selfdns.schedule;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.selfdns.Deadline;
import org.junit.jupiter.api.Test;

/**
 * A run that throws does not end the schedule: a scheduled executor drops a task that throws,
 * which would leave a fleet host probing, registering or reading health never again.
 */
class PeriodicLifecycleTests {

	@Test
	void healthRunsOnTimeWhileEveryWorkThreadWaitsOnTheNetwork() throws Exception {
		SelfDnsScheduler scheduler = new SelfDnsScheduler();
		java.util.concurrent.CountDownLatch parentAnswers = new java.util.concurrent.CountDownLatch(1);
		List<PeriodicLifecycle> hung = new java.util.ArrayList<>();
		for (int i = 0; i < SelfDnsScheduler.WORK_THREADS + 1; i++) {
			// Registrations of several zones, each waiting on a parent that does not answer.
			hung.add(new PeriodicLifecycle(scheduler, "registration z" + i, Duration.ofMillis(10), 0) {
				@Override
				protected void runOnce() {
					try {
						parentAnswers.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			});
		}
		AtomicInteger readings = new AtomicInteger();
		PeriodicLifecycle health = new PeriodicLifecycle(scheduler, SelfDnsScheduler.Lane.GATE, "health",
				Duration.ofMillis(10), 0) {
			@Override
			protected void runOnce() {
				readings.incrementAndGet();
			}
		};
		hung.forEach(PeriodicLifecycle::start);
		health.start();
		try {
			Deadline.poll(Duration.ofSeconds(5), readings::get, (n) -> n >= 5);
		}
		finally {
			parentAnswers.countDown();
			health.stop();
			hung.forEach(PeriodicLifecycle::stop);
			scheduler.destroy();
		}
	}

	@Test
	void aRunThatThrowsIsFollowedByTheNext() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		PeriodicLifecycle lifecycle = new PeriodicLifecycle(new SelfDnsScheduler(), "test-periodic", Duration.ofMillis(10), 0) {
			@Override
			protected void runOnce() {
				if (runs.incrementAndGet() == 1) {
					throw new IllegalStateException("the first run fails");
				}
			}
		};
		lifecycle.start();
		try {
			Deadline.poll(Duration.ofSeconds(5), runs::get, (n) -> n >= 3);
		}
		finally {
			lifecycle.stop();
		}
	}

}
