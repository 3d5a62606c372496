package dev.airtrace.processor;

import static dev.airtrace.processor.History.hour;
import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.aqi.AqiCategory;
import dev.airtrace.core.aqi.Averaging;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.aqi.SubIndex;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteFeaturesJson;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class CodecRoundTripTest {

  private static <T> T roundTrip(Serde<T> serde, T value) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
  }

  static SiteAqi sampleAqi() {
    SubIndex pm = new SubIndex(Pollutant.PM2_5, Averaging.NOWCAST, 17.4, 66, false);
    SubIndex o3 = new SubIndex(Pollutant.O3, Averaging.HOURS_8, 45.0, 42, false);
    return new SiteAqi(
        "site-a",
        hour(11),
        hour(12),
        66,
        AqiCategory.MODERATE,
        Pollutant.PM2_5,
        false,
        Map.of(Pollutant.PM2_5, pm, Pollutant.O3, o3),
        Map.of(Pollutant.PM2_5, 17.4, Pollutant.PM10, 30.0),
        Map.of(Pollutant.PM2_5, 15.2));
  }

  @Test
  void shouldRoundTripSiteHourlyWithTheSinkFieldNames() throws Exception {
    SiteHourly h =
        new SiteHourly(
            "site-a",
            hour(0),
            hour(1),
            Map.of(Quantity.PM2_5, new SiteHourly.QuantityMean(12.34, 60, 5)));

    byte[] bytes = Topics.SITE_HOURLY.valueSerde().serializer().serialize("t", h);

    assertThat(roundTrip(Topics.SITE_HOURLY.valueSerde(), h)).isEqualTo(h);
    JsonNode json = Json.mapper().readTree(bytes);
    assertThat(json.get("siteId").textValue()).isEqualTo("site-a");
    assertThat(json.get("windowStart").longValue()).isEqualTo(hour(0));
    assertThat(json.get("windowEnd").longValue()).isEqualTo(hour(1));
    JsonNode pm = json.get("quantities").get("pm2_5");
    assertThat(pm.get("unit").textValue()).isEqualTo("ug/m3");
    assertThat(pm.get("mean").doubleValue()).isEqualTo(12.34);
    assertThat(pm.get("count").longValue()).isEqualTo(60);
    assertThat(pm.get("devices").intValue()).isEqualTo(5);
  }

  @Test
  void shouldRoundTripSiteAqiWithTheSinkFieldNames() throws Exception {
    byte[] bytes = Topics.SITE_AQI.valueSerde().serializer().serialize("t", sampleAqi());

    assertThat(roundTrip(Topics.SITE_AQI.valueSerde(), sampleAqi())).isEqualTo(sampleAqi());
    JsonNode json = Json.mapper().readTree(bytes);
    assertThat(json.get("hourStart").longValue()).isEqualTo(hour(11));
    assertThat(json.get("time").longValue()).isEqualTo(hour(12));
    assertThat(json.get("aqi").intValue()).isEqualTo(66);
    assertThat(json.get("category").textValue()).isEqualTo("Moderate");
    assertThat(json.get("dominant").textValue()).isEqualTo("pm2_5");
    JsonNode pm = json.get("subIndices").get("pm2_5");
    assertThat(pm.get("aqi").intValue()).isEqualTo(66);
    assertThat(pm.get("concentration").doubleValue()).isEqualTo(17.4);
    assertThat(pm.get("averaging").textValue()).isEqualTo("nowcast");
    assertThat(json.get("nowcast").get("pm10").doubleValue()).isEqualTo(30.0);
    assertThat(json.get("pm24h").get("pm2_5").doubleValue()).isEqualTo(15.2);
  }

  @Test
  void shouldKeepHourAccumulatorSumsExactAcrossTheStore() {
    HourAccumulator a = new HourAccumulator();
    a.add(reading().device("d1").seq(1).at(at(0, 1)).pm25(9.3).build());
    a.add(reading().device("d2").seq(1).at(at(0, 2)).pm25(9.3).build());
    HourAccumulator b = roundTrip(StateSerdes.hourAccumulator(), a);
    b.add(reading().device("d1").seq(2).at(at(0, 3)).pm25(9.3).build());

    // 27.9 / 3 = 9.3 exactly (binary doubles give 9.299999999999999)
    assertThat(b.toSiteHourly("site-a", hour(0), hour(1)).quantities().get(Quantity.PM2_5))
        .isEqualTo(new SiteHourly.QuantityMean(9.3, 3, 2));
  }

  @Test
  void shouldRoundTripSiteHistoryAndSourcedReading() {
    SiteHistory h =
        SiteHistory.EMPTY
            .with(hour(0), Map.of(Pollutant.PM2_5, 12.5))
            .with(hour(2), Map.of(Pollutant.O3, 40.0, Pollutant.PM10, 20.0));
    SiteHistory back = roundTrip(StateSerdes.siteHistory(), h);
    assertThat(back.hourStarts()).containsExactly(hour(0), hour(2));
    assertThat(back.series(Pollutant.PM2_5, hour(2), 3))
        .containsExactly(
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.of(12.5));

    ReadingBuilder r = reading().device("d1").seq(5).pm25(3.0);
    SourcedReading s = new SourcedReading(r.build(), "kafka:t/1/9", r.bytes());
    assertThat(roundTrip(StateSerdes.sourcedReading(), s)).isEqualTo(s);
  }

  @Test
  void shouldRoundTripSiteFeaturesWithExplicitNulls() throws Exception {
    SiteFeatures f = OutputSchemaTest.sampleFeatures();

    assertThat(roundTrip(Topics.SITE_FEATURES.valueSerde(), f)).isEqualTo(f);
    JsonNode json = Json.mapper().readTree(SiteFeaturesJson.encode(f));
    assertThat(json.get("channels").get("pm2_5").get(1).isNull()).isTrue();
    assertThat(json.get("channels").get("pm2_5").get(47).doubleValue()).isEqualTo(80.0);
    assertThat(json.get("hourStarts").get(0).longValue()).isEqualTo(hour(0));
  }

  @Test
  void shouldRoundTripTheFeatureWindowStoreValue() {
    FeatureWindow w =
        FeatureWindow.EMPTY
            .with(hour(3), Map.of(FeatureChannel.PM2_5, 12.5, FeatureChannel.DEW_POINT, 9.25), 48)
            .with(hour(5), Map.of(), 48);
    FeatureWindow back = roundTrip(StateSerdes.featureWindow(), w);

    assertThat(back.hourStarts()).containsExactly(hour(3), hour(5));
    assertThat(back.toSiteFeatures("site-a", 48)).isEqualTo(w.toSiteFeatures("site-a", 48));
  }

  @Test
  void shouldReportGarbageOnAnOutputTopicAsASerializationException() {
    assertThatThrownBy(
            () -> Topics.SITE_AQI.valueSerde().deserializer().deserialize("t", new byte[] {'{'}))
        .isInstanceOf(SerializationException.class);
  }
}
