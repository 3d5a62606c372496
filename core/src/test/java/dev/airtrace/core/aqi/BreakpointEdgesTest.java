package dev.airtrace.core.aqi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every row edge of every 2024 breakpoint table, typed in from the air-quality reference table (not
 * from the implementation). Concentrations are in airtrace units: O3 in ppb (0.054 ppm = 54 ppb).
 */
class BreakpointEdgesTest {

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    // PM2.5 24-h (and NowCast), ug/m3
    "PM2_5, HOURS_24, 0.0, 0",
    "PM2_5, HOURS_24, 9.0, 50",
    "PM2_5, HOURS_24, 9.1, 51",
    "PM2_5, HOURS_24, 35.4, 100",
    "PM2_5, HOURS_24, 35.5, 101",
    "PM2_5, HOURS_24, 55.4, 150",
    "PM2_5, HOURS_24, 55.5, 151",
    "PM2_5, HOURS_24, 125.4, 200",
    "PM2_5, HOURS_24, 125.5, 201",
    "PM2_5, HOURS_24, 225.4, 300",
    "PM2_5, HOURS_24, 225.5, 301",
    "PM2_5, HOURS_24, 325.4, 500",
    "PM2_5, NOWCAST, 9.0, 50",
    "PM2_5, NOWCAST, 9.1, 51",
    // PM10 24-h, ug/m3
    "PM10, HOURS_24, 0, 0",
    "PM10, HOURS_24, 54, 50",
    "PM10, HOURS_24, 55, 51",
    "PM10, HOURS_24, 154, 100",
    "PM10, HOURS_24, 155, 101",
    "PM10, HOURS_24, 254, 150",
    "PM10, HOURS_24, 255, 151",
    "PM10, HOURS_24, 354, 200",
    "PM10, HOURS_24, 355, 201",
    "PM10, HOURS_24, 424, 300",
    "PM10, HOURS_24, 425, 301",
    "PM10, HOURS_24, 604, 500",
    "PM10, NOWCAST, 55, 51",
    // O3 8-h, ppb (table in ppm)
    "O3, HOURS_8, 0, 0",
    "O3, HOURS_8, 54, 50",
    "O3, HOURS_8, 55, 51",
    "O3, HOURS_8, 70, 100",
    "O3, HOURS_8, 71, 101",
    "O3, HOURS_8, 85, 150",
    "O3, HOURS_8, 86, 151",
    "O3, HOURS_8, 105, 200",
    "O3, HOURS_8, 106, 201",
    "O3, HOURS_8, 200, 300",
    // O3 1-h, ppb
    "O3, HOUR_1, 125, 101",
    "O3, HOUR_1, 164, 150",
    "O3, HOUR_1, 165, 151",
    "O3, HOUR_1, 204, 200",
    "O3, HOUR_1, 205, 201",
    "O3, HOUR_1, 404, 300",
    "O3, HOUR_1, 405, 301",
    "O3, HOUR_1, 604, 500",
    // CO 8-h, ppm
    "CO, HOURS_8, 0.0, 0",
    "CO, HOURS_8, 4.4, 50",
    "CO, HOURS_8, 4.5, 51",
    "CO, HOURS_8, 9.4, 100",
    "CO, HOURS_8, 9.5, 101",
    "CO, HOURS_8, 12.4, 150",
    "CO, HOURS_8, 12.5, 151",
    "CO, HOURS_8, 15.4, 200",
    "CO, HOURS_8, 15.5, 201",
    "CO, HOURS_8, 30.4, 300",
    "CO, HOURS_8, 30.5, 301",
    "CO, HOURS_8, 50.4, 500",
    // SO2 1-h, ppb
    "SO2, HOUR_1, 0, 0",
    "SO2, HOUR_1, 35, 50",
    "SO2, HOUR_1, 36, 51",
    "SO2, HOUR_1, 75, 100",
    "SO2, HOUR_1, 76, 101",
    "SO2, HOUR_1, 185, 150",
    "SO2, HOUR_1, 186, 151",
    "SO2, HOUR_1, 304, 200",
    // SO2 24-h, ppb (only the rows above 200 exist)
    "SO2, HOURS_24, 305, 201",
    "SO2, HOURS_24, 604, 300",
    "SO2, HOURS_24, 605, 301",
    "SO2, HOURS_24, 1004, 500",
    // NO2 1-h, ppb
    "NO2, HOUR_1, 0, 0",
    "NO2, HOUR_1, 53, 50",
    "NO2, HOUR_1, 54, 51",
    "NO2, HOUR_1, 100, 100",
    "NO2, HOUR_1, 101, 101",
    "NO2, HOUR_1, 360, 150",
    "NO2, HOUR_1, 361, 151",
    "NO2, HOUR_1, 649, 200",
    "NO2, HOUR_1, 650, 201",
    "NO2, HOUR_1, 1249, 300",
    "NO2, HOUR_1, 1250, 301",
    "NO2, HOUR_1, 2049, 500",
  })
  void shouldMapEveryRowEdgeToItsIndex(
      Pollutant pollutant, Averaging averaging, double concentration, int expected) {
    SubIndex s = Aqi.subIndex(pollutant, averaging, concentration).orElseThrow();

    assertThat(s.aqi()).isEqualTo(expected);
    assertThat(s.beyondIndex()).isFalse();
    assertThat(s.concentration()).isEqualTo(concentration);
  }

  @ParameterizedTest(name = "{0} {1} {2} has no index")
  @CsvSource({
    "O3, HOURS_8, 201", // 8-h O3 defines no AQI >= 301; use the 1-h table there
    "O3, HOUR_1, 124", // 1-h O3 below 0.125 ppm has no index
    "O3, HOUR_1, 0",
    "SO2, HOUR_1, 305", // 1-h SO2 stops at 200 (304 ppb)
    "SO2, HOURS_24, 304", // 24-h SO2 rows start at 305 ppb
  })
  void shouldGiveNoIndexOutsideTheRangeATableDefines(
      Pollutant pollutant, Averaging averaging, double concentration) {
    assertThat(Aqi.subIndex(pollutant, averaging, concentration)).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} {2} is beyond the AQI")
  @CsvSource({
    "PM2_5, HOURS_24, 325.5",
    "PM10, HOURS_24, 605",
    "O3, HOUR_1, 605",
    "CO, HOURS_8, 50.5",
    "SO2, HOURS_24, 1005",
    "NO2, HOUR_1, 2050",
  })
  void shouldClampToFiveHundredAndFlagBeyondTheTopBreakpoint(
      Pollutant pollutant, Averaging averaging, double concentration) {
    SubIndex s = Aqi.subIndex(pollutant, averaging, concentration).orElseThrow();

    assertThat(s.aqi()).isEqualTo(500);
    assertThat(s.beyondIndex()).isTrue();
    assertThat(s.category()).isEqualTo(AqiCategory.HAZARDOUS);
    assertThat(s.concentration()).isEqualTo(concentration);
  }
}
