package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerificationConfigTest {
  @Test
  void shouldDefaultToOffWithAFourteenDayWindowOffsetOnlyCorrectionAndATenPercentMargin() {
    VerificationConfig d = VerificationConfig.defaults();

    assertThat(d.enabled()).isFalse();
    assertThat(d.windowHours()).isEqualTo(336);
    assertThat(d.forgetting()).isEqualTo(0.999);
    assertThat(d.minScale()).isEqualTo(1.0);
    assertThat(d.maxScale()).isEqualTo(1.0);
    assertThat(d.switchMargin()).isEqualTo(0.10);
    assertThat(d.firstHourFallbackMargin()).isEqualTo(0.0);
    assertThat(d.minVerifications()).isEqualTo(24);
    assertThat(d.retention()).isEqualTo(Duration.ofDays(8));
    assertThat(ProcessorConfig.defaults("k:9092", Path.of("s")).verification()).isEqualTo(d);
  }

  @Test
  void shouldRejectOutOfRangeValuesNamingTheComponent() {
    assertThatThrownBy(() -> VerificationConfig.builder().forgetting(0).build())
        .hasMessageContaining("forgetting");
    assertThatThrownBy(() -> VerificationConfig.builder().forgetting(1.01).build())
        .hasMessageContaining("forgetting");
    assertThatThrownBy(() -> VerificationConfig.builder().windowHours(23).build())
        .hasMessageContaining("windowHours");
    assertThatThrownBy(() -> VerificationConfig.builder().minVerifications(400).build())
        .hasMessageContaining("minVerifications");
    assertThatThrownBy(() -> VerificationConfig.builder().scaleBounds(2, 1).build())
        .hasMessageContaining("scale bounds");
    assertThatThrownBy(() -> VerificationConfig.builder().switchMargin(-0.01).build())
        .hasMessageContaining("switchMargin");
    assertThatThrownBy(() -> VerificationConfig.builder().switchMargin(1).build())
        .hasMessageContaining("switchMargin");
    assertThatThrownBy(() -> VerificationConfig.builder().firstHourFallbackMargin(-0.01).build())
        .hasMessageContaining("firstHourFallbackMargin");
    assertThatThrownBy(() -> VerificationConfig.builder().firstHourFallbackMargin(1).build())
        .hasMessageContaining("firstHourFallbackMargin");
    assertThatThrownBy(() -> VerificationConfig.builder().scalePrior(-1).build())
        .hasMessageContaining("scalePrior");
  }

  @Test
  void shouldRefuseARetentionShorterThanTheLateHorizonPlusTheHorizonsWhenEnabled() {
    VerificationConfig short1 =
        VerificationConfig.builder().enabled(true).retention(Duration.ofDays(2)).build();

    assertThatThrownBy(
            () -> ProcessorConfig.builder("k:9092", Path.of("s")).verification(short1).build())
        .hasMessageContaining("verification retention");
    assertThat(
            ProcessorConfig.builder("k:9092", Path.of("s"))
                .lateHorizon(Duration.ofDays(1))
                .verification(short1)
                .build()
                .verification())
        .isEqualTo(short1);
  }
}
