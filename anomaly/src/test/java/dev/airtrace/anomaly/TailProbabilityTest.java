package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TailProbabilityTest {
  @Test
  void shouldMatchStandardNormalTailValues() {
    assertThat(TailProbability.upper(0)).isCloseTo(0.5, within(1e-7));
    assertThat(TailProbability.upper(1.959963985)).isCloseTo(0.025, within(1e-7));
    assertThat(TailProbability.upper(-1.959963985)).isCloseTo(0.975, within(1e-7));
    // relative accuracy deep in the tail: P(Z > 5) = 2.866516e-7, P(Z > 6.361341) = 1e-10
    assertThat(TailProbability.upper(5) / 2.866516e-7).isCloseTo(1, within(1e-5));
    assertThat(TailProbability.upper(6.361341) / 1e-10).isCloseTo(1, within(1e-4));
  }
}
