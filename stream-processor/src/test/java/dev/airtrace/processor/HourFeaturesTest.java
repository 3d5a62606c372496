package dev.airtrace.processor;

import static dev.airtrace.processor.SiteHourlyBuilder.hourly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.airtrace.core.Quantity;
import dev.airtrace.topics.processor.FeatureChannel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HourFeaturesTest {

  @Test
  void shouldTakeEachChannelFromTheQuantityWithItsCode() {
    Map<FeatureChannel, Double> v =
        HourFeatures.of(
            hourly(0)
                .pm25(12.0)
                .mean(Quantity.PM10, 30.0)
                .mean(Quantity.PRESSURE, 1013.0)
                .mean(Quantity.NO2, 40.0)
                .build());

    assertThat(v)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                FeatureChannel.PM2_5, 12.0,
                FeatureChannel.PM10, 30.0,
                FeatureChannel.PRESSURE, 1013.0));
  }

  @Test
  void shouldDeriveTheDewPointFromMeanTemperatureAndHumidity() {
    Map<FeatureChannel, Double> v =
        HourFeatures.of(
            hourly(0)
                .mean(Quantity.TEMPERATURE, 20.0)
                .mean(Quantity.RELATIVE_HUMIDITY, 50.0)
                .build());

    assertThat(v.get(FeatureChannel.DEW_POINT)).isCloseTo(9.26, within(0.01));
    assertThat(v.get(FeatureChannel.DEW_POINT)).isEqualTo(DewPoint.celsius(20, 50).getAsDouble());
  }

  @Test
  void shouldHaveNoDewPointWithoutHumidity() {
    assertThat(HourFeatures.of(hourly(0).mean(Quantity.TEMPERATURE, 20.0).build()))
        .containsOnlyKeys(FeatureChannel.TEMPERATURE);
  }

  @Test
  void shouldCarryWindOnceTheCoreDefinesIt() {
    assumeThat(FeatureChannel.WIND_SPEED.quantity()).isPresent();
    assumeThat(FeatureChannel.WIND_DIRECTION.quantity()).isPresent();

    Map<FeatureChannel, Double> v =
        HourFeatures.of(
            hourly(0)
                .mean(FeatureChannel.WIND_SPEED.quantity().get(), 3.5)
                .mean(FeatureChannel.WIND_DIRECTION.quantity().get(), 270.0)
                .build());

    assertThat(v)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(FeatureChannel.WIND_SPEED, 3.5, FeatureChannel.WIND_DIRECTION, 270.0));
  }

  @Test
  void shouldNameChannelsByTheForecastVocabularyInTheCoreUnits() {
    assertThat(FeatureChannel.values())
        .extracting(FeatureChannel::code)
        .containsExactly(
            "pm2_5",
            "pm10",
            "temperature",
            "relative_humidity",
            "dew_point",
            "pressure",
            "wind_speed",
            "wind_direction");
    for (FeatureChannel c : FeatureChannel.values()) {
      c.quantity().ifPresent(q -> assertThat(q.unit().symbol()).as(c.code()).isEqualTo(c.unit()));
    }
  }
}
