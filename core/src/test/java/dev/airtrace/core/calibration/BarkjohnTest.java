package dev.airtrace.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected values are computed by hand from the formulas in docs/reference air-quality.md §3.3
 * (reproduced in docs/aqi.md); the arithmetic is in each row's comment.
 */
class BarkjohnTest {
  private static final double EXACT = 1e-9;

  @ParameterizedTest(name = "2021: x={0} RH={1} -> {2}")
  @CsvSource({
    "20, 50, 11.92", // 10.48 - 4.31 + 5.75
    "100, 40, 54.702", // 52.4 - 3.448 + 5.75
    "0, 0, 5.75",
    "300, 50, 158.64", // 157.2 - 4.31 + 5.75
  })
  void shouldApplyTheUsWide2021Correction(double x, double rh, double expected) {
    assertThat(Barkjohn.us2021(x, rh)).isCloseTo(expected, within(EXACT));
  }

  @ParameterizedTest(name = "2022: x={0} RH={1} -> {2}")
  @CsvSource({
    "20, 50, 11.92", // x < 30: as 2021
    "40, 50, 27.64", // w = 0.5, slope 0.655: 26.2 - 4.31 + 5.75
    "100, 40, 80.902", // 78.6 - 3.448 + 5.75
    "235, 50, 200.04245", // w = 0.5: 0.738*235 - 2.155 + 1.483 + 2.875 + 24.40945
    "300, 50, 289.526", // 2.966 + 207 + 79.56, humidity no longer matters
    "300, 90, 289.526",
  })
  void shouldApplyTheExtended2022Correction(double x, double rh, double expected) {
    assertThat(Barkjohn.extended2022(x, rh)).isCloseTo(expected, within(EXACT));
  }

  @ParameterizedTest(name = "continuous at x={0}")
  @ValueSource(doubles = {30, 50, 210, 260})
  void shouldBeContinuousAtTheBreakpoints(double x) {
    for (double rh : new double[] {0, 35, 80, 100}) {
      double below = Barkjohn.extended2022(Math.nextDown(x), rh);
      double at = Barkjohn.extended2022(x, rh);
      assertThat(at).as("RH %s", rh).isCloseTo(below, within(1e-9));
    }
  }

  @ParameterizedTest(name = "breakpoint x={0} equals its neighbouring fit: {2}")
  @CsvSource({
    "30, 50, 17.16", // low fit: 15.72 - 4.31 + 5.75
    "50, 50, 40.74", // mid fit: 39.3 - 4.31 + 5.75
    "210, 50, 166.5", // mid fit: 165.06 - 4.31 + 5.75
    "260, 50, 242.1244", // high fit: 2.966 + 179.4 + 59.7584
  })
  void shouldMeetTheNeighbouringFitExactlyAtEachBreakpoint(double x, double rh, double expected) {
    assertThat(Barkjohn.extended2022(x, rh)).isCloseTo(expected, within(EXACT));
  }

  @ParameterizedTest(name = "x={0} RH={1} clamps to 0")
  @CsvSource({"1, 100", "0, 80", "2, 95"})
  void shouldClampNegativeResultsToZero(double x, double rh) {
    // 0.524 - 8.62 + 5.75 = -2.346 for the first row; the raw fit is negative in all three.
    assertThat(Barkjohn.us2021(x, rh)).isZero();
    assertThat(Barkjohn.extended2022(x, rh)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"US_2021, epa-barkjohn-2021, 11.92", "EXTENDED_2022, epa-barkjohn-2022, 27.64"})
  void shouldNameAndApplyEachMethod(BarkjohnMethod method, String code, double atForty) {
    assertThat(method.method()).isEqualTo(code);
    double x = method == BarkjohnMethod.US_2021 ? 20 : 40;
    assertThat(method.correct(x, 50)).isCloseTo(atForty, within(EXACT));
  }
}
