package dev.selfdns.shaping;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link ScoreSmoother}: the moving average, the hysteresis and the snapping.
 */
class ScoreSmootherTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	@Test
	void withoutSmoothingTheLoadIsPassedOnClamped() {
		ScoreSmoother smoother = new ScoreSmoother(Duration.ZERO, 0);
		assertThat(smoother.update(0.42, 0)).isEqualTo(0.42);
		assertThat(smoother.update(7, SECOND)).isEqualTo(2);
		assertThat(smoother.update(-1, 2 * SECOND)).isZero();
	}

	@Test
	void stepRisesLikeAnExponentialWithTheTimeConstant() {
		ScoreSmoother smoother = new ScoreSmoother(Duration.ofSeconds(2), 0);
		smoother.update(0, 0);
		// One time constant after a step, the average has covered 1 - 1/e of it.
		double afterOneTimeConstant = 0;
		for (int i = 1; i <= 20; i++) {
			afterOneTimeConstant = smoother.update(1, i * SECOND / 10);
		}
		assertThat(afterOneTimeConstant).isCloseTo(1 - Math.exp(-1), within(1e-9));
	}

	@Test
	void oneSpikeMovesTheScoreOnlyByTheSmoothingShare() {
		ScoreSmoother smoother = new ScoreSmoother(Duration.ofSeconds(5), 0.05);
		long now = 0;
		for (int i = 0; i < 100; i++) {
			smoother.update(0.3, now += SECOND / 2);
		}
		double before = smoother.update(0.3, now += SECOND / 2);
		double afterSpike = smoother.update(2, now += SECOND / 2);
		assertThat(afterSpike - before).isLessThan(0.2);
	}

	@Test
	void noiseSmallerThanTheHysteresisBarelyMovesThePublishedScore() {
		// Without hysteresis every noisy sample moves resolvers; with it, at most one settling step.
		assertThat(changesUnderNoise(0)).isGreaterThan(150);
		assertThat(changesUnderNoise(0.05)).isLessThanOrEqualTo(1);
	}

	private static int changesUnderNoise(double hysteresis) {
		ScoreSmoother smoother = new ScoreSmoother(Duration.ofSeconds(1), hysteresis);
		long now = 0;
		for (int i = 0; i < 200; i++) {
			smoother.update(0.5, now += SECOND / 2);
		}
		double published = smoother.update(0.5, now += SECOND / 2);
		int changes = 0;
		for (int i = 0; i < 200; i++) {
			double next = smoother.update(0.5 + ((i % 2 == 0) ? 0.03 : -0.03), now += SECOND / 2);
			if (next != published) {
				changes++;
				published = next;
			}
		}
		return changes;
	}

	@Test
	void scoreSnapsToZeroAndOneSoIdleShedsNothingAndSaturatedShedsAll() {
		ScoreSmoother smoother = new ScoreSmoother(Duration.ofSeconds(1), 0.05);
		long now = 0;
		double score = 0;
		for (int i = 0; i < 100; i++) {
			score = smoother.update(1, now += SECOND / 2);
		}
		assertThat(score).isEqualTo(1);
		for (int i = 0; i < 100; i++) {
			score = smoother.update(0, now += SECOND / 2);
		}
		assertThat(score).isZero();
	}

}
