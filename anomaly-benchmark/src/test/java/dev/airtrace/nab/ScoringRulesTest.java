package dev.airtrace.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoringRulesTest {

  @Test
  void shouldUseFifteenPercentOfShortFilesAsProbation() {
    assertThat(ScoringRules.NAB.probationaryRows(4032)).isEqualTo(604);
    assertThat(ScoringRules.NAB.probationaryRows(1000)).isEqualTo(150);
  }

  @Test
  void shouldCapProbationAtSevenHundredFiftyRows() {
    assertThat(ScoringRules.NAB.probationaryRows(22695)).isEqualTo(750);
    assertThat(ScoringRules.NAB.probationaryRows(5000)).isEqualTo(750);
  }

  @Test
  void shouldScoreEveryRowWithoutProbation() {
    assertThat(ScoringRules.NO_PROBATION.probationaryRows(100)).isZero();
  }

  @Test
  void shouldRejectProbationaryFractionOutsideUnitInterval() {
    assertThatThrownBy(() -> new ScoringRules(1.0, 5000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probationaryFraction");
  }

  @Test
  void shouldGiveWindowFirstRowTheMaximumSigmoidWeight() {
    assertThat(ScaledSigmoid.MAX_TRUE_POSITIVE).isCloseTo(0.98661, within(5e-6));
    assertThat(ScaledSigmoid.apply(0)).isZero();
    assertThat(ScaledSigmoid.apply(3.0001)).isEqualTo(-1.0);
  }
}
