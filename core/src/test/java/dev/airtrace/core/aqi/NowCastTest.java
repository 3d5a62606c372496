package dev.airtrace.core.aqi;

import static dev.airtrace.core.aqi.Hours.mostRecentFirst;
import static dev.airtrace.core.aqi.Hours.oldestFirst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class NowCastTest {

  /** EPA "Computing the NowCast" slide, hours oldest to newest: c1 = 13 is the latest hour. */
  private static List<OptionalDouble> slideExample() {
    return oldestFirst(50.0, 80.0, 75.0, 90.0, 82.0, 53.0, 64.0, 74.0, 21.0, 10.0, 16.0, 13.0);
  }

  @Test
  void shouldReproduceTheOfficialSlideExample() {
    // c_min 10, c_max 90: w* = 10/90 = 0.11 -> floor w = 0.5.
    // numerator = 13 + 16/2 + 10/4 + 21/8 + 74/16 + 64/32 + 53/64 + 82/128 + 90/256 + 75/512
    //   + 80/1024 + 50/2048 = 34.8193359375; denominator = 2 - 0.5^11 = 1.99951171875
    // NowCast = 17.41395... -> truncated 17.4 ug/m3
    assertThat(NowCast.weightedAverage(slideExample()).getAsDouble())
        .isCloseTo(34.8193359375 / 1.99951171875, within(1e-12))
        .isCloseTo(17.414, within(0.0005));
    assertThat(NowCast.of(Pollutant.PM2_5, slideExample())).hasValue(17.4);
  }

  @Test
  void shouldGiveAqi66ForTheSlideExample() {
    // (100-51)/(35.4-9.1) * (17.4-9.1) + 51 = 49/26.3 * 8.3 + 51 = 66.46 -> 66
    SubIndex s = NowCast.subIndex(Pollutant.PM2_5, slideExample()).orElseThrow();

    assertThat(s.aqi()).isEqualTo(66);
    assertThat(s.averaging()).isEqualTo(Averaging.NOWCAST);
    assertThat(s.concentration()).isEqualTo(17.4);
    assertThat(s.category()).isEqualTo(AqiCategory.MODERATE);
  }

  @Test
  void shouldDropAMissingHourFromBothSumsButKeepTheOthersExponents() {
    List<OptionalDouble> hours = slideExample();
    hours.set(1, OptionalDouble.empty()); // c2 = 16 missing; c_min and c_max unchanged
    // numerator 34.8193359375 - 16 * 0.5 = 26.8193359375; denominator 1.99951171875 - 0.5
    // = 1.49951171875 -> 17.8854... -> 17.8
    assertThat(NowCast.weightedAverage(hours).getAsDouble())
        .isCloseTo(26.8193359375 / 1.49951171875, within(1e-12))
        .isCloseTo(17.885, within(0.0005));
    assertThat(NowCast.of(Pollutant.PM2_5, hours)).hasValue(17.8);
  }

  @Test
  void shouldHaveNoNowCastWhenTwoOfTheThreeLatestHoursAreMissing() {
    List<OptionalDouble> c1c2Missing = slideExample();
    c1c2Missing.set(0, OptionalDouble.empty());
    c1c2Missing.set(1, OptionalDouble.empty());
    List<OptionalDouble> c1c3Missing = slideExample();
    c1c3Missing.set(0, OptionalDouble.empty());
    c1c3Missing.set(2, OptionalDouble.empty());

    assertThat(NowCast.weightedAverage(c1c2Missing)).isEmpty();
    assertThat(NowCast.of(Pollutant.PM2_5, c1c3Missing)).isEmpty();
    assertThat(NowCast.subIndex(Pollutant.PM2_5, c1c2Missing)).isEmpty();
  }

  @Test
  void shouldNeedOnlyTwoRecentHours() {
    // c1 = 20, c2 = 8: w* = 0.4 -> w = 0.5; (20 + 0.5*8) / 1.5 = 16.0
    assertThat(NowCast.of(Pollutant.PM2_5, mostRecentFirst(20.0, 8.0))).hasValue(16.0);
    assertThat(NowCast.of(Pollutant.PM2_5, mostRecentFirst(20.0, null, 8.0))).isPresent();
    assertThat(NowCast.of(Pollutant.PM2_5, mostRecentFirst(20.0))).isEmpty();
    assertThat(NowCast.of(Pollutant.PM2_5, List.of())).isEmpty();
  }

  @Test
  void shouldUseTheRatioAsWeightWhenAboveTheFloor() {
    // c_min/c_max = 8/10 = 0.8 -> w = 0.8; (10 + 0.8*8) / 1.8 = 16.4/1.8 = 9.111 -> 9.1
    assertThat(NowCast.weightedAverage(mostRecentFirst(10.0, 8.0)).getAsDouble())
        .isCloseTo(16.4 / 1.8, within(1e-12));
    assertThat(NowCast.of(Pollutant.PM2_5, mostRecentFirst(10.0, 8.0))).hasValue(9.1);
  }

  @Test
  void shouldGiveZeroWhenEveryPresentHourIsZero() {
    assertThat(NowCast.of(Pollutant.PM2_5, mostRecentFirst(0.0, 0.0, null, 0.0))).hasValue(0.0);
    assertThat(NowCast.subIndex(Pollutant.PM10, mostRecentFirst(0.0, 0.0)).orElseThrow().aqi())
        .isZero();
  }

  @Test
  void shouldIgnoreHoursOlderThanTwelve() {
    List<OptionalDouble> thirteen = new ArrayList<>(slideExample());
    thirteen.add(OptionalDouble.of(900)); // a 13th hour would dominate c_max if it were read

    assertThat(NowCast.weightedAverage(thirteen))
        .isEqualTo(NowCast.weightedAverage(slideExample()));
  }

  @Test
  void shouldTruncatePm10ToWholeMicrogramsAndUseThePm10Table() {
    // steady 54.9: w = 1 -> 54.9 -> truncated 54 -> AQI 50 (55 would be 51)
    List<OptionalDouble> hours = mostRecentFirst(54.9, 54.9, 54.9);

    assertThat(NowCast.of(Pollutant.PM10, hours)).hasValue(54.0);
    assertThat(NowCast.subIndex(Pollutant.PM10, hours).orElseThrow().aqi()).isEqualTo(50);
  }

  @Test
  void shouldRefuseGasesAndNegativeHours() {
    assertThatThrownBy(() -> NowCast.of(Pollutant.O3, mostRecentFirst(1.0, 2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("o3");
    assertThatThrownBy(() -> NowCast.weightedAverage(mostRecentFirst(1.0, -2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hour 2");
  }
}
