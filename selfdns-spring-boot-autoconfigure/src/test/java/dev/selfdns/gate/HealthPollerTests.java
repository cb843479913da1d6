package dev.selfdns.gate;

import dev.selfdns.schedule.SelfDnsScheduler;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readings start on schedule even while earlier ones hang, on a bounded number of threads.
 */
class HealthPollerTests {

	@Test
	void readingsThatIgnoreInterruptsHoldAtMostTheCapOfThreadsAndTheNextStartsWhenOneReturns() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		HealthCheck stuck = () -> {
			calls.incrementAndGet();
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (release.getCount() > 0 && System.nanoTime() < end) {
				try {
					release.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					// Ignored, as a blocking socket read ignores it.
				}
			}
			return new HealthVerdict(HealthVerdict.UP, "db");
		};
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.applicationReady();
		SelfDnsScheduler scheduler = new SelfDnsScheduler();
		HealthPoller poller = new HealthPoller(scheduler, stuck, gate, Duration.ofHours(1), Duration.ofMillis(5), 0);
		try {
			for (int i = 0; i < SelfDnsScheduler.MAX_READINGS + 5; i++) {
				poller.poll();
			}
			assertThat(calls.get()).as("one call per poll until the cap").isEqualTo(SelfDnsScheduler.MAX_READINGS);
			assertThat(Thread.getAllStackTraces().keySet())
				.filteredOn((thread) -> thread.getName().startsWith("selfdns-health-check-"))
				.hasSize(SelfDnsScheduler.MAX_READINGS);
			assertThat(gate.state().detail()).contains(SelfDnsScheduler.MAX_READINGS + " readings still hang");
			release.countDown();
			dev.selfdns.Deadline.poll(Duration.ofSeconds(5), () -> {
				poller.poll();
				return gate.isOpen();
			}, (open) -> open);
		}
		finally {
			release.countDown();
			poller.stop();
			// Its reading threads go with it, as they do at a context's close.
			scheduler.destroy();
		}
	}

}
