package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnomalyConfigTest {
  @Test
  void shouldAcceptDefaults() {
    AnomalyConfig c = AnomalyConfig.defaults();
    assertThat(c.threshold()).isEqualTo(AnomalyConfig.DEFAULT_THRESHOLD);
    assertThat(c.contextWindow()).isLessThanOrEqualTo(c.maxWindow());
  }

  @Test
  void shouldRejectThresholdOutsideUnitInterval() {
    assertThatThrownBy(() -> AnomalyConfig.builder().threshold(0).build())
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> AnomalyConfig.builder().threshold(1.5).build())
        .hasMessageContaining("threshold");
  }

  @Test
  void shouldRejectContextWindowLongerThanMaxWindow() {
    assertThatThrownBy(() -> AnomalyConfig.builder().contextWindow(1000).build())
        .hasMessageContaining("contextWindow");
  }

  @Test
  void shouldRejectNegativeSuppressionAndWarmUp() {
    assertThatThrownBy(() -> AnomalyConfig.builder().suppression(-1).build())
        .hasMessageContaining("suppression");
    assertThatThrownBy(() -> AnomalyConfig.builder().warmUp(-1).build())
        .hasMessageContaining("warmUp");
  }

  @Test
  void shouldRejectNegativeIdleReleaseAndDefaultToSixHours() {
    assertThatThrownBy(
            () -> AnomalyConfig.builder().idleRelease(java.time.Duration.ofSeconds(-1)).build())
        .hasMessageContaining("idleRelease");
    org.assertj.core.api.Assertions.assertThat(AnomalyConfig.defaults().idleRelease())
        .isEqualTo(java.time.Duration.ofHours(6));
  }
}
