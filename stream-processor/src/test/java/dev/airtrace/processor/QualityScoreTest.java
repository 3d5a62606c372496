package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The quality-score formula against hand-computed values (docs/quality.md). */
class QualityScoreTest {
  @Test
  void aCompleteCleanAgreeingSensorShouldScore100() {
    assertThat(QualityScore.score(24, 24, 0, 0, 0, 1.0)).isEqualTo(100.0);
    assertThat(QualityScore.score(24, 24, 0, 0, 0, null)).isEqualTo(100.0);
  }

  @Test
  void eachComponentShouldScaleTheScoreAsDocumented() {
    // half complete: 50
    assertThat(QualityScore.score(12, 24, 0, 0, 0, null)).isEqualTo(50.0);
    // a quarter failed: 75; a quarter suspect: 100 * (1 - 0.25 / 2) = 87.5
    assertThat(QualityScore.score(24, 24, 0, 6, 0, null)).isEqualTo(75.0);
    assertThat(QualityScore.score(24, 24, 6, 0, 0, null)).isEqualTo(87.5);
    // one anomaly in 8 readings: 100 * (1 - 2 / 8) = 75; one in two or more: 0
    assertThat(QualityScore.score(8, 8, 0, 0, 1, null)).isEqualTo(75.0);
    assertThat(QualityScore.score(8, 8, 0, 0, 4, null)).isEqualTo(0.0);
    // deviation 4: agreement 1 - (4 - 2) / 4 = 0.5; 6 or more: 0
    assertThat(QualityScore.score(8, 8, 0, 0, 0, 4.0)).isEqualTo(50.0);
    assertThat(QualityScore.score(8, 8, 0, 0, 0, 9.0)).isEqualTo(0.0);
  }

  @Test
  void deviationShouldBeTheRobustDistanceFromTheNeighboursMedian() {
    // neighbours 10, 12, 14: median 12, MAD 2, scale 2.9652; |20 - 12| / 2.9652 = 2.69796
    assertThat(QualityScore.deviation(20, new double[] {14, 10, 12}))
        .isCloseTo(2.69796, within(1e-5));
    // identical neighbours: MAD 0, scale 5 % of 100 = 5: |110 - 100| / 5 = 2
    assertThat(QualityScore.deviation(110, new double[] {100, 100})).isEqualTo(2.0);
    // near zero: scale 0.1: |0.3 - 0| / 0.1 = 3
    assertThat(QualityScore.deviation(0.3, new double[] {0, 0, 0})).isCloseTo(3.0, within(1e-12));
    // one neighbour is not enough
    assertThat(QualityScore.deviation(5, new double[] {1})).isNaN();
  }
}
