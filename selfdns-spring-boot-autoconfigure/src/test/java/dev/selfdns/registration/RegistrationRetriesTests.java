package dev.selfdns.registration;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failing parent is retried after 5 to 7.5 s, then after growing waits (Spring's
 * {@code ExponentialBackOff}, doubling, with jitter) up to the reconcile interval: hosts that
 * failed together (the parent was down for all of them) come back spread out instead of racing
 * for the NS set at once.
 */
class RegistrationRetriesTests {

	@Test
	void retriesDoubleUpToTheReconcileIntervalEachWithJitter() {
		for (int host = 0; host < 100; host++) {
			BackOffExecution retries = SelfRegistration.retries(Duration.ofMinutes(1));
			assertThat(retries.nextBackOff()).as("the first retry").isBetween(5_000L, 7_500L);
			long ceiling = 7_500;
			for (int attempt = 2; attempt <= 10; attempt++) {
				ceiling = Math.min(ceiling * 2, 60_000);
				long wait = retries.nextBackOff();
				assertThat(wait).as("retry %d", attempt).isBetween(5_000L, ceiling);
				if (attempt >= 5) {
					assertThat(wait).as("retry %d, at the reconcile interval", attempt).isGreaterThanOrEqualTo(30_000L);
				}
			}
		}
	}

	@Test
	void hostsRetryingTogetherDoNotAllComeBackInTheSameMillisecond() {
		java.util.Set<Long> first = new java.util.HashSet<>();
		for (int host = 0; host < 20; host++) {
			first.add(SelfRegistration.retries(Duration.ofMinutes(5)).nextBackOff());
		}
		assertThat(first).as("20 hosts' first retries").hasSizeGreaterThan(10);
	}

}
