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
    assertThatThrownBy(() -> AnomalyConfig.defaults().withThreshold(0))
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> AnomalyConfig.defaults().withThreshold(1.5))
        .hasMessageContaining("threshold");
  }

  @Test
  void shouldRejectContextWindowLongerThanMaxWindow() {
    assertThatThrownBy(() -> AnomalyConfig.defaults().withContextWindow(1000))
        .hasMessageContaining("contextWindow");
  }

  @Test
  void shouldRejectNegativeSuppressionAndWarmUp() {
    assertThatThrownBy(() -> AnomalyConfig.defaults().withSuppression(-1))
        .hasMessageContaining("suppression");
    assertThatThrownBy(() -> AnomalyConfig.defaults().withWarmUp(-1))
        .hasMessageContaining("warmUp");
  }
}
