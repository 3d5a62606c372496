package dev.airtrace.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelAgreementTest {
  private final ChannelAgreement defaults = ChannelAgreement.defaults();

  @ParameterizedTest(name = "A={0} B={1} agree={2}")
  @CsvSource({
    "10, 10, true",
    "0, 0, true",
    "1, 6, true", // |A-B| = 5: not more than 5
    "0, 5.5, false", // 5.5 > 5 and 200 % > 70 %
    "10, 20, true", // 10 > 5 but 67 % <= 70 %
    "10, 21, false", // 11 > 5 and 71 % > 70 %
    "100, 150, true", // 50 > 5 but 40 %
    "2, 6.9, true", // 4.9 <= 5 although 110 %
    "40, 5, false", // 35 > 5 and 156 %
  })
  void shouldDisagreeOnlyWhenBothThresholdsAreExceeded(double a, double b, boolean agree) {
    assertThat(defaults.agree(a, b)).isEqualTo(agree);
    assertThat(defaults.agree(b, a)).isEqualTo(agree);
  }

  @Test
  void shouldUseTheConfiguredThresholds() {
    ChannelAgreement strict = new ChannelAgreement(1, 0.1);

    assertThat(strict.agree(10, 11)).isTrue();
    assertThat(strict.agree(10, 12)).isFalse(); // 2 > 1 and 18 % > 10 %
    assertThat(defaults.agree(10, 12)).isTrue();
  }

  @Test
  void shouldDefaultToFiveMicrogramsAndSeventyPercent() {
    assertThat(defaults.maxAbsoluteDifference()).isEqualTo(5.0);
    assertThat(defaults.maxRelativeDifference()).isEqualTo(0.70);
  }

  @Test
  void shouldRejectNegativeOrNonFiniteThresholds() {
    assertThatThrownBy(() -> new ChannelAgreement(-1, 0.7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAbsoluteDifference");
    assertThatThrownBy(() -> new ChannelAgreement(5, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRelativeDifference");
  }
}
