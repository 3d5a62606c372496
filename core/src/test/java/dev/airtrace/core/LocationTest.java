package dev.airtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocationTest {
  @Test
  void shouldAcceptCornersOfTheGlobeAndMissingAltitude() {
    assertThat(new Location(-90, -180, null).altitude()).isNull();
    assertThat(new Location(90, 180, -400.0).altitude()).isEqualTo(-400.0);
  }

  @ParameterizedTest
  @CsvSource({"90.0001, 0", "-90.0001, 0", "0, 180.0001", "0, -180.0001", "NaN, 0", "0, NaN"})
  void shouldRejectCoordinatesOffTheGlobe(double latitude, double longitude) {
    assertThatThrownBy(() -> new Location(latitude, longitude, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectNonFiniteAltitude() {
    assertThatThrownBy(() -> new Location(0, 0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("altitude");
  }
}
