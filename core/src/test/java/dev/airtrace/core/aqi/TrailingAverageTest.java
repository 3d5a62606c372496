package dev.airtrace.core.aqi;

import static dev.airtrace.core.aqi.Hours.mostRecentFirst;
import static dev.airtrace.core.aqi.Hours.repeated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TrailingAverageTest {

  @Test
  void shouldAverageOnlyThePresentHoursWhenSixOfEightArePresent() {
    // (10 + 20 + 30 + 40 + 50 + 60) / 6 = 35; the two missing hours are not zeros
    List<OptionalDouble> hours = mostRecentFirst(10.0, null, 20.0, 30.0, null, 40.0, 50.0, 60.0);

    assertThat(TrailingAverage.EIGHT_HOUR.of(hours)).hasValue(35.0);
  }

  @Test
  void shouldHaveNoEightHourAverageWithOnlyFiveHours() {
    assertThat(TrailingAverage.EIGHT_HOUR.of(repeated(40, 5, 3))).isEmpty();
    assertThat(TrailingAverage.EIGHT_HOUR.of(repeated(40, 5, 0))).isEmpty();
  }

  @Test
  void shouldNeedEighteenOfTwentyFourHours() {
    assertThat(TrailingAverage.TWENTY_FOUR_HOUR.of(repeated(12.5, 18, 6))).hasValue(12.5);
    assertThat(TrailingAverage.TWENTY_FOUR_HOUR.of(repeated(12.5, 17, 7))).isEmpty();
  }

  @Test
  void shouldIgnoreHoursBeyondTheSpan() {
    List<OptionalDouble> hours = repeated(10, 8, 0);
    hours.add(OptionalDouble.of(1000));

    assertThat(TrailingAverage.EIGHT_HOUR.of(hours)).hasValue(10.0);
  }

  @Test
  void shouldKeepDecimalMeansExactForTruncation() {
    // six hours of 9.3 summed in binary floating point give 55.8 / 6 = 9.299999999999999,
    // which truncates to 9.2; the decimal mean is exactly 9.3
    double binaryMean = (9.3 + 9.3 + 9.3 + 9.3 + 9.3 + 9.3) / 6;
    assertThat(binaryMean).isLessThan(9.3);

    assertThat(TrailingAverage.EIGHT_HOUR.of(repeated(9.3, 6, 0))).hasValue(9.3);
  }

  @Test
  void shouldRejectImpossibleCompletenessRules() {
    assertThatThrownBy(() -> new TrailingAverage(8, 9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TrailingAverage(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
