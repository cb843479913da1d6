package dev.selfdns.schedule;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.selfdns.Deadline;
import org.junit.jupiter.api.Test;

/**
 * A run that throws does not end the schedule: a scheduled executor drops a task that throws,
 * which would leave a fleet host probing, registering or reading health never again.
 */
class PeriodicLifecycleTests {

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
