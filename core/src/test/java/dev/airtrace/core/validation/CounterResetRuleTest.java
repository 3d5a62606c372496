package dev.airtrace.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CounterResetRuleTest {
  /** Tolerance 30 s; the device's epoch has reached seq 100, latest event time 1,000,000 ms. */
  private final CounterResetRule rule = new CounterResetRule(Duration.ofSeconds(30));

  private static final long HIGH = 100;
  private static final long LATEST = 1_000_000;

  @Test
  void shouldStartNewEpochWhenLowerSequenceIsLaterThanLatestByMoreThanTolerance() {
    assertThat(rule.startsNewEpoch(HIGH, LATEST, 0, 1_030_001)).isTrue();
    assertThat(rule.startsNewEpoch(HIGH, LATEST, 100, 1_030_001)).as("equal to high").isTrue();
  }

  @Test
  void shouldNotStartNewEpochWithinTolerance() {
    assertThat(rule.startsNewEpoch(HIGH, LATEST, 0, 1_030_000)).isFalse();
    assertThat(rule.startsNewEpoch(HIGH, LATEST, 0, 1_000_000)).isFalse();
  }

  @Test
  void shouldNotStartNewEpochForReplayWithItsOriginalOlderEventTime() {
    assertThat(rule.startsNewEpoch(HIGH, LATEST, 7, 10_000)).isFalse();
  }

  @Test
  void shouldNotStartNewEpochWhenSequenceIsAboveHighWaterMark() {
    assertThat(rule.startsNewEpoch(HIGH, LATEST, 101, 9_000_000)).isFalse();
  }

  @Test
  void shouldNotOverflowNearLongMax() {
    assertThat(rule.startsNewEpoch(HIGH, Long.MAX_VALUE - 5, 0, Long.MAX_VALUE)).isFalse();
  }

  @Test
  void shouldRejectNegativeOrHugeTolerance() {
    assertThatThrownBy(() -> new CounterResetRule(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tolerance");
    assertThatThrownBy(() -> new CounterResetRule(Duration.ofDays(366)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldDefaultToSixtySeconds() {
    assertThat(CounterResetRule.defaults().tolerance()).isEqualTo(Duration.ofSeconds(60));
  }
}
