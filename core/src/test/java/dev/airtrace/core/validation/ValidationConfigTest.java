package dev.airtrace.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValidationConfigTest {
  @Test
  void shouldDefaultToFiveMinutesSkewAndSevenDaysAge() {
    ValidationConfig c = ValidationConfig.defaults();

    assertThat(c.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.maxAge()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void shouldAcceptZeroFutureSkew() {
    assertThat(new ValidationConfig(Duration.ZERO, Duration.ofHours(1)).maxFutureSkew()).isZero();
  }

  @Test
  void shouldRejectNegativeFutureSkew() {
    assertThatThrownBy(() -> new ValidationConfig(Duration.ofSeconds(-1), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxFutureSkew");
  }

  @Test
  void shouldRejectZeroMaxAge() {
    assertThatThrownBy(() -> new ValidationConfig(Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAge");
  }

  @Test
  void shouldRejectDurationsTooLongForMillisecondArithmetic() {
    assertThatThrownBy(
            () -> new ValidationConfig(Duration.ZERO, Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAge");
  }

  @Test
  void shouldRejectNulls() {
    assertThatThrownBy(() -> new ValidationConfig(null, Duration.ofDays(1)))
        .isInstanceOf(NullPointerException.class);
  }
}
