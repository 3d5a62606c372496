package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LikelihoodEstimatorTest {

  private static LikelihoodEstimator estimator() {
    return new LikelihoodEstimator(5, 500, 0.05, 0.01);
  }

  @Test
  void shouldReportZeroUntilTheBaselineHasEnoughScores() {
    LikelihoodEstimator e = estimator();
    for (int i = 0; i < LikelihoodEstimator.MIN_HISTORY; i++) {
      assertThat(e.update(100)).isZero();
    }
  }

  @Test
  void shouldStayLowForOrdinaryScoresAndRiseForSustainedJump() {
    LikelihoodEstimator e = estimator();
    Random r = new Random(3);
    double maxOrdinary = 0;
    for (int i = 0; i < 1000; i++) {
      double l = e.update(0.3 + 0.05 * r.nextGaussian());
      if (i > 50) {
        maxOrdinary = Math.max(maxOrdinary, l);
      }
    }
    assertThat(maxOrdinary).isLessThan(0.4);
    double peak = 0;
    for (int i = 0; i < 5; i++) {
      peak = Math.max(peak, e.update(1.5));
    }
    assertThat(peak).isGreaterThan(0.9);
  }

  @Test
  void shouldAdaptWhenHigherScoresBecomeTheNorm() {
    LikelihoodEstimator e = estimator();
    Random r = new Random(4);
    for (int i = 0; i < 500; i++) {
      e.update(0.3 + 0.05 * r.nextGaussian());
    }
    double last = 1;
    for (int i = 0; i < 1500; i++) {
      last = e.update(1.5 + 0.05 * r.nextGaussian());
    }
    assertThat(last).isLessThan(0.4);
  }

  @Test
  void shouldMapTailProbabilityToLogScale() {
    // a constant baseline at 0 with the absolute floor 0.01: an average of 0.0426 is z = 4.265,
    // tail ~1e-5, likelihood ~0.5
    LikelihoodEstimator e = new LikelihoodEstimator(1, 100, 0.0, 0.01);
    for (int i = 0; i < 50; i++) {
      e.update(0);
    }
    assertThat(e.update(0.04265)).isCloseTo(0.5, within(0.01));
  }
}
