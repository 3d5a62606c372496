package dev.airtrace.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
  private final ReconnectPolicy policy =
      new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.25);

  @Test
  void shouldDoubleTheDelayPerFailedAttemptWithoutJitterAtTheMidpoint() {
    assertThat(policy.delayBeforeRetry(1, 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayBeforeRetry(2, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayBeforeRetry(4, 0.5)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void shouldCapTheDelayAtTheMaximumEvenAfterManyAttempts() {
    assertThat(policy.delayBeforeRetry(5, 0.5)).isEqualTo(Duration.ofMillis(1_600));
    assertThat(policy.delayBeforeRetry(6, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayBeforeRetry(1_000_000, 0.5)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void shouldSpreadTheDelayByTheJitterBothWays() {
    assertThat(policy.delayBeforeRetry(2, 0.0)).isEqualTo(Duration.ofMillis(150));
    assertThat(policy.delayBeforeRetry(2, 0.999_999))
        .isBetween(Duration.ofMillis(249), Duration.ofMillis(250));
  }

  @Test
  void shouldRejectMaximumBelowInitialDelay() {
    assertThatThrownBy(
            () -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDelay");
  }

  @Test
  void shouldRejectJitterOfOneOrMore() {
    assertThatThrownBy(
            () -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitter");
  }
}
