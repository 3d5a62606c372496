package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LikelihoodEstimatorTest {
  static {
    System.setProperty("jol.magicFieldOffset", "true"); // as in SeriesMemoryTest
  }

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

  @Test
  void shouldKeepWholeBlocksOfTheHistoryAndDropTheOldestBlockWhenTheNextOneCompletes() {
    // history 400 = 40 blocks of 10 averages
    LikelihoodEstimator e = new LikelihoodEstimator(1, 400, 0.0, 0.01);
    for (int i = 0; i < 400; i++) {
      e.update(0);
    }
    assertThat(e.historySize()).isEqualTo(400);
    for (int i = 0; i < 9; i++) {
      e.update(1);
    }
    assertThat(e.historySize()).as("40 whole blocks + 9 in the current one").isEqualTo(409);
    e.update(1);
    assertThat(e.historySize()).as("the 10th completes a block: the oldest leaves").isEqualTo(400);
  }

  @Test
  void shouldComputeTheBaselineOverExactlyTheKeptAverages() {
    LikelihoodEstimator e = new LikelihoodEstimator(1, 400, 0.0, 0.01);
    for (int i = 0; i < 400; i++) {
      e.update(0);
    }
    for (int i = 0; i < 10; i++) {
      e.update(1);
    }
    // kept: 390 zeros and 10 ones: mean 0.025, variance 0.025 - 0.025^2 = 0.024375
    double std = Math.sqrt(0.024375);
    double tail = TailProbability.upper((0.2 - 0.025) / std);
    double expected = Math.log(tail + 1e-10) / Math.log(1e-10);
    assertThat(e.update(0.2)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void shouldAllocateTheBlockRingByGrowthNotUpFront() {
    LikelihoodEstimator young = new LikelihoodEstimator(30, 4000, 0.05, 0.01);
    young.update(1);
    LikelihoodEstimator old = new LikelihoodEstimator(30, 4000, 0.05, 0.01);
    for (int i = 0; i < 10_000; i++) {
      old.update(i % 7);
    }
    long youngBytes = org.openjdk.jol.info.GraphLayout.parseInstance(young).totalSize();
    long oldBytes = org.openjdk.jol.info.GraphLayout.parseInstance(old).totalSize();
    // young: object ~100 B, short ring 30 doubles (256 B), two rings of 4 doubles (2 x 48 B)
    assertThat(youngBytes).isLessThan(600);
    // old: the same plus two rings of 40 doubles (2 x 336 B) instead of 4,000 doubles (32 KB)
    assertThat(oldBytes).isLessThan(1_200);
  }
}
