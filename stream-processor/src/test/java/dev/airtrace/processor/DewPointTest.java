package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DewPointTest {

  @Test
  void shouldMatchPsychrometricTableValues() {
    // published dew points over water: 20 °C at 50 % -> 9.3 °C, 30 °C at 70 % -> 23.9 °C,
    // -10 °C at 80 % -> -12.8 °C
    assertThat(DewPoint.celsius(20, 50)).hasValueCloseTo(9.3, within(0.05));
    assertThat(DewPoint.celsius(30, 70)).hasValueCloseTo(23.9, within(0.05));
    assertThat(DewPoint.celsius(-10, 80)).hasValueCloseTo(-12.8, within(0.05));
  }

  @Test
  void shouldEqualTheTemperatureAtSaturation() {
    assertThat(DewPoint.celsius(14.2, 100)).hasValueCloseTo(14.2, within(1e-9));
  }

  @Test
  void shouldBeUndefinedWithoutHumidity() {
    assertThat(DewPoint.celsius(20, 0)).isEmpty();
    assertThat(DewPoint.celsius(20, -1)).isEmpty();
    assertThat(DewPoint.celsius(20, 100.5)).isEmpty();
    assertThat(DewPoint.celsius(Double.NaN, 50)).isEmpty();
  }
}
