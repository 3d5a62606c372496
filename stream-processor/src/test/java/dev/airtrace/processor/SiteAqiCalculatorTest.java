package dev.airtrace.processor;

import static dev.airtrace.processor.History.history;
import static dev.airtrace.processor.History.hour;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.aqi.Averaging;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.aqi.SubIndex;
import dev.airtrace.topics.processor.SiteAqi;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SiteAqiCalculatorTest {

  private static Optional<SiteAqi> at(int h, History history) {
    return SiteAqiCalculator.compute("site-a", hour(h), history.build());
  }

  private static SubIndex subIndex(int h, History history, Pollutant p) {
    return at(h, history).orElseThrow().subIndices().get(p);
  }

  @Test
  void shouldAverageOzoneOverEightHoursWhenSixArePresent() {
    // six hours of 60 ppb: 0.060 ppm -> 49/0.015 * 0.005 + 51 = 67.33 -> 67; 1-h 60 ppb < 0.125
    History h = history().series(Pollutant.O3, 60.0, null, 60.0, 60.0, null, 60.0, 60.0, 60.0);

    SubIndex o3 = subIndex(7, h, Pollutant.O3);

    assertThat(o3.averaging()).isEqualTo(Averaging.HOURS_8);
    assertThat(o3.aqi()).isEqualTo(67);
  }

  @Test
  void shouldHaveNoOzoneIndexWithFiveOfEightHoursAndALowHour() {
    History h = history().series(Pollutant.O3, 60.0, null, null, null, 60.0, 60.0, 60.0, 60.0);

    assertThat(at(7, h)).isEmpty();
  }

  @Test
  void shouldReportTheOneHourOzoneIndexWhenLarger() {
    // 8-h: (7 * 80 + 180) / 8 = 92.5 ppb -> 0.092 ppm -> 49/0.019 * 0.006 + 151 = 166.47 -> 166
    // 1-h: 180 ppb -> 0.180 ppm -> 49/0.039 * 0.015 + 151 = 169.85 -> 170
    History h = history().repeat(Pollutant.O3, 80, 0, 7).at(7, Pollutant.O3, 180);

    SubIndex o3 = subIndex(7, h, Pollutant.O3);

    assertThat(o3.averaging()).isEqualTo(Averaging.HOUR_1);
    assertThat(o3.aqi()).isEqualTo(170);
  }

  @Test
  void shouldAverageCarbonMonoxideOverEightHours() {
    // 8.4 ppm -> 10 * (8.4 - 4.5) + 51 = 90
    History six = history().repeat(Pollutant.CO, 8.4, 2, 6);
    History five = history().repeat(Pollutant.CO, 8.4, 3, 5);

    assertThat(subIndex(7, six, Pollutant.CO).aqi()).isEqualTo(90);
    assertThat(at(7, five)).isEmpty();
  }

  @Test
  void shouldUseTheDay24HourSulphurDioxideAbove200() {
    // 24-h: (17 * 350 + 400) / 18 = 352.78 ppb -> 352 -> 99/299 * 47 + 201 = 216.56 -> 217
    // 1-h: 400 ppb is above the 1-h table -> 200
    History h = history().repeat(Pollutant.SO2, 350, 0, 17).at(17, Pollutant.SO2, 400);

    SubIndex so2 = subIndex(17, h, Pollutant.SO2);

    assertThat(so2.averaging()).isEqualTo(Averaging.HOURS_24);
    assertThat(so2.aqi()).isEqualTo(217);
  }

  @Test
  void shouldCapOneHourSulphurDioxideAt200WithoutA24HourMean() {
    History h = history().at(0, Pollutant.SO2, 400);

    assertThat(subIndex(0, h, Pollutant.SO2).aqi()).isEqualTo(200);
  }

  @Test
  void shouldUseOnlyThisHourForNitrogenDioxide() {
    History h = history().at(0, Pollutant.NO2, 150).at(1, Pollutant.PM2_5, 5);

    assertThat(at(0, h).orElseThrow().dominant()).isEqualTo(Pollutant.NO2);
    assertThat(at(1, h)).as("no NO2 in hour 1, no PM NowCast yet").isEmpty();
  }

  @Test
  void shouldFlagASiteBeyondTheIndex() {
    History h = history().series(Pollutant.PM2_5, 600.0, 600.0);

    SiteAqi a = at(1, h).orElseThrow();

    assertThat(a.aqi()).isEqualTo(500);
    assertThat(a.beyondIndex()).isTrue();
    assertThat(a.nowcast()).containsEntry(Pollutant.PM2_5, 600.0);
  }

  @Test
  void shouldStampTheHourAndItsEnd() {
    SiteAqi a = at(1, history().series(Pollutant.PM10, 40.0, 40.0)).orElseThrow();

    assertThat(a.hourStart()).isEqualTo(hour(1));
    assertThat(a.time()).isEqualTo(hour(2));
    assertThat(a.siteId()).isEqualTo("site-a");
  }
}
