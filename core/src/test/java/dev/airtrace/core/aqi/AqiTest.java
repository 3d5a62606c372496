package dev.airtrace.core.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AqiTest {

  private static int aqi(Pollutant p, Averaging a, double c) {
    return Aqi.subIndex(p, a, c).orElseThrow().aqi();
  }

  /** The equation before rounding, from the row the truncated concentration falls in. */
  private static double unrounded(BreakpointTable table, String truncated) {
    BigDecimal c = new BigDecimal(truncated);
    BreakpointTable.Lookup lookup = table.lookup(c);
    assertThat(lookup).isInstanceOf(BreakpointTable.InRow.class);
    return ((BreakpointTable.InRow) lookup).row().interpolate(c).doubleValue();
  }

  @Nested
  class WorkedExamplesFromTheReference {
    @Test
    void shouldGive50ForPm25Of9_0And51For9_1() {
      assertThat(aqi(Pollutant.PM2_5, Averaging.HOURS_24, 9.0)).isEqualTo(50);
      assertThat(aqi(Pollutant.PM2_5, Averaging.HOURS_24, 9.1)).isEqualTo(51);
    }

    @Test
    void shouldGive56ForPm25Of12_0() {
      // (100-51)/(35.4-9.1) * (12.0-9.1) + 51 = 49/26.3 * 2.9 + 51 = 56.40 -> 56
      assertThat(unrounded(BreakpointTable.PM2_5_24H, "12.0")).isCloseTo(56.40, within(0.005));
      assertThat(aqi(Pollutant.PM2_5, Averaging.HOURS_24, 12.0)).isEqualTo(56);
    }

    @Test
    void shouldGive102ForPm25Of35_9() {
      // (150-101)/(55.4-35.5) * (35.9-35.5) + 101 = 49/19.9 * 0.4 + 101 = 101.98 -> 102
      assertThat(unrounded(BreakpointTable.PM2_5_24H, "35.9")).isCloseTo(101.98, within(0.005));
      assertThat(aqi(Pollutant.PM2_5, Averaging.HOURS_24, 35.9)).isEqualTo(102);
    }

    @Test
    void shouldGive148ForPm25Of54_4() {
      // 49/19.9 * (54.4-35.5) + 101 = 49/19.9 * 18.9 + 101 = 147.54 -> 148
      assertThat(unrounded(BreakpointTable.PM2_5_24H, "54.4")).isCloseTo(147.54, within(0.005));
      assertThat(aqi(Pollutant.PM2_5, Averaging.HOURS_24, 54.4)).isEqualTo(148);
    }

    @Test
    void shouldTruncateOzoneThenRoundTheExactHalfUp() {
      // 78.53 ppb = 0.07853 ppm -> truncated 0.078; (150-101)/(0.085-0.071) * 0.007 + 101 = 125.5
      // exactly, which a binary division would see as 125.49999... -> half up 126
      assertThat(unrounded(BreakpointTable.O3_8H, "0.078")).isEqualTo(125.5);
      SubIndex s = Aqi.subIndex(Pollutant.O3, Averaging.HOURS_8, 78.53).orElseThrow();
      assertThat(s.aqi()).isEqualTo(126);
      assertThat(s.concentration()).isEqualTo(78.0);
      assertThat(s.category()).isEqualTo(AqiCategory.UNHEALTHY_FOR_SENSITIVE_GROUPS);
    }

    @Test
    void shouldGive90ForCoOf8_4() {
      // (100-51)/(9.4-4.5) * (8.4-4.5) + 51 = 10 * 3.9 + 51 = 90
      assertThat(aqi(Pollutant.CO, Averaging.HOURS_8, 8.4)).isEqualTo(90);
    }
  }

  @Nested
  class Truncation {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
      "PM2_5, 9.09, 9.0",
      "PM2_5, 35.49, 35.4",
      "PM10, 54.99, 54",
      "O3, 54.99, 54", // 0.05499 ppm -> 0.054 ppm
      "CO, 4.49, 4.4",
      "SO2, 35.99, 35",
      "NO2, 53.9, 53",
    })
    void shouldTruncateNeverRound(Pollutant pollutant, double value, double truncated) {
      assertThat(Aqi.truncate(pollutant, value)).isEqualTo(truncated);
    }

    @Test
    void shouldLookUpTheTruncatedValueSoJustBelowAnEdgeStaysInTheLowerRow() {
      assertThat(aqi(Pollutant.PM2_5, Averaging.HOURS_24, 9.09)).isEqualTo(50);
      assertThat(aqi(Pollutant.CO, Averaging.HOURS_8, 4.49)).isEqualTo(50);
      assertThat(aqi(Pollutant.NO2, Averaging.HOUR_1, 53.9)).isEqualTo(50);
    }

    @Test
    void shouldNotLetBinaryFloatingPointErrorTruncateADecimalStepAway() {
      double sum = 0.7 + 0.1 + 0.1; // 0.8999999999999999 in binary floating point
      assertThat(sum).isLessThan(0.9);

      assertThat(Aqi.truncate(Pollutant.PM2_5, sum)).isEqualTo(0.9);
      // 50/9.0 * 0.9 = 5 (it would be 4.44 -> 4 from a wrongly truncated 0.8)
      assertThat(aqi(Pollutant.PM2_5, Averaging.HOURS_24, sum)).isEqualTo(5);
    }

    @Test
    void shouldRejectNegativeOrNonFiniteConcentrations() {
      assertThatThrownBy(() -> Aqi.subIndex(Pollutant.PM2_5, Averaging.HOURS_24, -0.1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pm2_5");
      assertThatThrownBy(() -> Aqi.subIndex(Pollutant.NO2, Averaging.HOUR_1, Double.NaN))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Aqi.truncate(Pollutant.CO, Double.POSITIVE_INFINITY))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class BeyondTheIndex {
    @Test
    void shouldClampPm25AboveTheTopBreakpointTo500AndKeepTheConcentration() {
      SubIndex s = Aqi.subIndex(Pollutant.PM2_5, Averaging.NOWCAST, 612.37).orElseThrow();

      assertThat(s.aqi()).isEqualTo(500);
      assertThat(s.beyondIndex()).isTrue();
      assertThat(s.concentration()).isEqualTo(612.3);
    }

    @Test
    void shouldNotFlagTheTopBreakpointItself() {
      SubIndex s = Aqi.subIndex(Pollutant.PM2_5, Averaging.HOURS_24, 325.49).orElseThrow();

      assertThat(s.aqi()).isEqualTo(500);
      assertThat(s.beyondIndex()).isFalse();
    }

    @Test
    void shouldCarryTheBeyondFlagIntoTheOverallIndex() {
      AqiResult r =
          Aqi.overall(
                  List.of(
                      Aqi.subIndex(Pollutant.CO, Averaging.HOURS_8, 60.0).orElseThrow(),
                      Aqi.subIndex(Pollutant.PM2_5, Averaging.NOWCAST, 20.0).orElseThrow()))
              .orElseThrow();

      assertThat(r.aqi()).isEqualTo(500);
      assertThat(r.beyondIndex()).isTrue();
      assertThat(r.dominantPollutant()).isEqualTo(Pollutant.CO);
    }

    @Test
    void shouldRefuseABeyondFlagOnAnUnclampedIndex() {
      assertThatThrownBy(() -> new SubIndex(Pollutant.PM10, Averaging.HOURS_24, 700, 499, true))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Ozone {
    @Test
    void shouldReportTheEightHourIndexWhenItIsLarger() {
      // 1-h 130 ppb = 0.130 ppm: 49/0.039 * 0.005 + 101 = 107.28 -> 107 < 126
      SubIndex s = Aqi.ozone(OptionalDouble.of(78.53), OptionalDouble.of(130)).orElseThrow();

      assertThat(s.averaging()).isEqualTo(Averaging.HOURS_8);
      assertThat(s.aqi()).isEqualTo(126);
    }

    @Test
    void shouldReportTheOneHourIndexWhenItIsLarger() {
      // 8-h 80 ppb: 49/0.014 * 0.009 + 101 = 132.5 -> 133;
      // 1-h 180 ppb: (200-151)/(0.204-0.165) * 0.015 + 151 = 169.85 -> 170
      SubIndex s = Aqi.ozone(OptionalDouble.of(80), OptionalDouble.of(180)).orElseThrow();

      assertThat(s.averaging()).isEqualTo(Averaging.HOUR_1);
      assertThat(s.aqi()).isEqualTo(170);
    }

    @Test
    void shouldUseOnlyTheOneHourTableAboveTheEightHourRange() {
      // 8-h 210 ppb > 0.200 ppm: no 8-h index; 1-h 420 ppb: 199/0.199 * 0.015 + 301 = 316
      SubIndex s = Aqi.ozone(OptionalDouble.of(210), OptionalDouble.of(420)).orElseThrow();

      assertThat(s.averaging()).isEqualTo(Averaging.HOUR_1);
      assertThat(s.aqi()).isEqualTo(316);
    }

    @Test
    void shouldIgnoreAOneHourValueBelowItsTable() {
      // 8-h 60 ppb: 49/0.015 * 0.005 + 51 = 67.33 -> 67; 1-h 100 ppb < 0.125 ppm: no index
      SubIndex s = Aqi.ozone(OptionalDouble.of(60), OptionalDouble.of(100)).orElseThrow();

      assertThat(s.averaging()).isEqualTo(Averaging.HOURS_8);
      assertThat(s.aqi()).isEqualTo(67);
    }

    @Test
    void shouldHaveNoIndexWhenNeitherAverageDefinesOne() {
      assertThat(Aqi.ozone(OptionalDouble.empty(), OptionalDouble.of(100))).isEmpty();
      assertThat(Aqi.ozone(OptionalDouble.empty(), OptionalDouble.empty())).isEmpty();
    }
  }

  @Nested
  class SulphurDioxide {
    @Test
    void shouldUseTheOneHourTableUpTo304Ppb() {
      // 49/39 * (40-36) + 51 = 56.03 -> 56
      SubIndex s = Aqi.sulphurDioxide(OptionalDouble.of(40), OptionalDouble.empty()).orElseThrow();

      assertThat(s.aqi()).isEqualTo(56);
      assertThat(s.averaging()).isEqualTo(Averaging.HOUR_1);
    }

    @Test
    void shouldReport200WhenTheOneHourValueIsAboveItsTableAndNo24HourValueIsHigher() {
      SubIndex alone =
          Aqi.sulphurDioxide(OptionalDouble.of(400), OptionalDouble.empty()).orElseThrow();
      SubIndex lower24h =
          Aqi.sulphurDioxide(OptionalDouble.of(400), OptionalDouble.of(200)).orElseThrow();

      assertThat(alone.aqi()).isEqualTo(200);
      assertThat(alone.averaging()).isEqualTo(Averaging.HOUR_1);
      assertThat(alone.concentration()).isEqualTo(400);
      assertThat(lower24h.aqi()).isEqualTo(200);
    }

    @Test
    void shouldUseThe24HourRowsAbove200() {
      // 24-h 350 ppb: (300-201)/(604-305) * (350-305) + 201 = 99/299 * 45 + 201 = 215.90 -> 216
      SubIndex s = Aqi.sulphurDioxide(OptionalDouble.of(400), OptionalDouble.of(350)).orElseThrow();
      SubIndex only24h =
          Aqi.sulphurDioxide(OptionalDouble.empty(), OptionalDouble.of(350)).orElseThrow();

      assertThat(s.aqi()).isEqualTo(216);
      assertThat(s.averaging()).isEqualTo(Averaging.HOURS_24);
      assertThat(only24h.aqi()).isEqualTo(216);
    }
  }

  @Nested
  class Overall {
    @Test
    void shouldReportTheLargestSubIndexAndItsPollutant() {
      SubIndex pm = Aqi.subIndex(Pollutant.PM2_5, Averaging.NOWCAST, 17.4).orElseThrow();
      SubIndex o3 = Aqi.subIndex(Pollutant.O3, Averaging.HOURS_8, 78.53).orElseThrow();

      AqiResult r = Aqi.overall(List.of(pm, o3)).orElseThrow();

      assertThat(r.aqi()).isEqualTo(126);
      assertThat(r.dominantPollutant()).isEqualTo(Pollutant.O3);
      assertThat(r.category().label()).isEqualTo("Unhealthy for Sensitive Groups");
      assertThat(r.subIndices()).containsExactly(pm, o3);
    }

    @Test
    void shouldBreakATieByPollutantOrder() {
      // NO2 54 ppb -> 51 and PM2.5 9.1 -> 51: PM2.5 is declared first
      SubIndex no2 = Aqi.subIndex(Pollutant.NO2, Averaging.HOUR_1, 54).orElseThrow();
      SubIndex pm = Aqi.subIndex(Pollutant.PM2_5, Averaging.NOWCAST, 9.1).orElseThrow();

      AqiResult r = Aqi.overall(List.of(no2, pm)).orElseThrow();

      assertThat(r.dominantPollutant()).isEqualTo(Pollutant.PM2_5);
      assertThat(r.subIndices()).containsExactly(pm, no2);
    }

    @Test
    void shouldHaveNoIndexWithoutSubIndices() {
      assertThat(Aqi.overall(List.of())).isEmpty();
    }
  }

  @Test
  void shouldRejectAveragingPeriodsEpaDoesNotDefine() {
    assertThatThrownBy(() -> Aqi.subIndex(Pollutant.CO, Averaging.HOUR_1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1h")
        .hasMessageContaining("co");
    assertThatThrownBy(() -> Aqi.subIndex(Pollutant.NO2, Averaging.HOURS_8, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Aqi.subIndex(Pollutant.PM2_5, Averaging.HOUR_1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Aqi.subIndex(Pollutant.O3, Averaging.NOWCAST, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "0, GOOD, green",
    "50, GOOD, green",
    "51, MODERATE, yellow",
    "100, MODERATE, yellow",
    "101, UNHEALTHY_FOR_SENSITIVE_GROUPS, orange",
    "150, UNHEALTHY_FOR_SENSITIVE_GROUPS, orange",
    "151, UNHEALTHY, red",
    "200, UNHEALTHY, red",
    "201, VERY_UNHEALTHY, purple",
    "300, VERY_UNHEALTHY, purple",
    "301, HAZARDOUS, maroon",
    "500, HAZARDOUS, maroon",
  })
  void shouldPlaceEveryCategoryEdgeInItsCategory(int aqi, AqiCategory category, String colour) {
    assertThat(AqiCategory.of(aqi)).isEqualTo(category);
    assertThat(AqiCategory.of(aqi).colour()).isEqualTo(colour);
  }

  @Test
  void shouldRejectIndicesOutsideTheScale() {
    assertThatThrownBy(() -> AqiCategory.of(501)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AqiCategory.of(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
