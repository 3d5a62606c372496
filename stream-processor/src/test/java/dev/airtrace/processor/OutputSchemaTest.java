package dev.airtrace.processor;

import static dev.airtrace.processor.History.hour;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.aqi.AqiCategory;
import dev.airtrace.core.aqi.Averaging;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.aqi.SubIndex;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteFeaturesJson;
import dev.airtrace.topics.processor.SiteHourly;
import dev.airtrace.topics.processor.SiteOutputJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The topic JSON Schemas ({@code airtrace-topics}) accept what the processor writes, and only that.
 */
class OutputSchemaTest {

  private static Set<ValidationMessage> errors(String schemaFile, byte[] json) throws IOException {
    try (InputStream in = OutputSchemaTest.class.getResourceAsStream("/schemas/" + schemaFile)) {
      JsonSchema schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
      return schema.validate(Json.mapper().readTree(json));
    }
  }

  private static SiteAqi everyPollutantBeyondTheIndex() {
    Map<Pollutant, SubIndex> s = new EnumMap<>(Pollutant.class);
    s.put(Pollutant.PM2_5, new SubIndex(Pollutant.PM2_5, Averaging.NOWCAST, 612.3, 500, true));
    s.put(Pollutant.PM10, new SubIndex(Pollutant.PM10, Averaging.NOWCAST, 40, 37, false));
    s.put(Pollutant.O3, new SubIndex(Pollutant.O3, Averaging.HOUR_1, 420, 316, false));
    s.put(Pollutant.NO2, new SubIndex(Pollutant.NO2, Averaging.HOUR_1, 40, 38, false));
    s.put(Pollutant.SO2, new SubIndex(Pollutant.SO2, Averaging.HOURS_24, 352, 217, false));
    s.put(Pollutant.CO, new SubIndex(Pollutant.CO, Averaging.HOURS_8, 8.4, 90, false));
    return new SiteAqi(
        "site-a",
        hour(3),
        hour(4),
        500,
        AqiCategory.HAZARDOUS,
        Pollutant.PM2_5,
        true,
        s,
        Map.of(Pollutant.PM2_5, 612.3, Pollutant.PM10, 40.0),
        Map.of(Pollutant.PM2_5, 480.1, Pollutant.PM10, 38.0));
  }

  @Test
  void siteHourlySchemaShouldAcceptEveryQuantity() throws IOException {
    Map<Quantity, SiteHourly.QuantityMean> all = new EnumMap<>(Quantity.class);
    for (Quantity q : Quantity.values()) {
      all.put(q, new SiteHourly.QuantityMean(q.plausibleMin() + 1, 12, 3));
    }
    byte[] json = SiteOutputJson.encodeSiteHourly(new SiteHourly("site-a", hour(0), hour(1), all));

    assertThat(errors("site-hourly.v1.schema.json", json)).isEmpty();
  }

  @Test
  void siteHourlySchemaShouldAcceptQcExclusionCountsAndTheyShouldRoundTrip() throws IOException {
    Map<Quantity, Long> excluded = new EnumMap<>(Quantity.class);
    for (Quantity q : Quantity.values()) {
      excluded.put(q, 2L);
    }
    SiteHourly h =
        new SiteHourly(
            "site-a",
            hour(0),
            hour(1),
            Map.of(Quantity.PM2_5, new SiteHourly.QuantityMean(12.0, 4, 2)),
            1,
            excluded);
    byte[] json = SiteOutputJson.encodeSiteHourly(h);

    assertThat(errors("site-hourly.v1.schema.json", json)).isEmpty();
    assertThat(SiteOutputJson.decodeSiteHourly(json)).isEqualTo(h);
    ObjectNode zero = (ObjectNode) Json.mapper().readTree(json);
    ((ObjectNode) zero.get("excluded")).put("pm2_5", 0);
    assertThat(errors("site-hourly.v1.schema.json", Json.mapper().writeValueAsBytes(zero)))
        .isNotEmpty();
  }

  @Test
  void siteAqiSchemaShouldAcceptEveryPollutantAndEmptyPmMaps() throws IOException {
    SiteAqi minimal = CodecRoundTripTest.sampleAqi();
    SiteAqi noPm =
        new SiteAqi(
            "site-a",
            hour(0),
            hour(1),
            38,
            AqiCategory.GOOD,
            Pollutant.NO2,
            false,
            Map.of(Pollutant.NO2, new SubIndex(Pollutant.NO2, Averaging.HOUR_1, 40, 38, false)),
            Map.of(),
            Map.of());

    assertThat(errors("site-aqi.v1.schema.json", SiteOutputJson.encodeSiteAqi(minimal))).isEmpty();
    assertThat(errors("site-aqi.v1.schema.json", SiteOutputJson.encodeSiteAqi(noPm))).isEmpty();
    assertThat(
            errors(
                "site-aqi.v1.schema.json",
                SiteOutputJson.encodeSiteAqi(everyPollutantBeyondTheIndex())))
        .isEmpty();
  }

  @Test
  void siteAqiSchemaShouldRejectAMissingIndexOrAWrongUnit() throws IOException {
    ObjectNode noAqi =
        (ObjectNode)
            Json.mapper().readTree(SiteOutputJson.encodeSiteAqi(CodecRoundTripTest.sampleAqi()));
    noAqi.remove("aqi");
    ObjectNode ppm = noAqi.deepCopy();
    ppm.put("aqi", 66);
    ((ObjectNode) ppm.get("subIndices").get("o3")).put("unit", "ppm");

    assertThat(errors("site-aqi.v1.schema.json", Json.mapper().writeValueAsBytes(noAqi)))
        .isNotEmpty();
    assertThat(errors("site-aqi.v1.schema.json", Json.mapper().writeValueAsBytes(ppm)))
        .isNotEmpty();
  }

  /** A window of 48 hours ending with hour 47: PM2.5 at hours 0 and 47, temperature at 46. */
  static SiteFeatures sampleFeatures() {
    FeatureWindow w =
        FeatureWindow.EMPTY
            .with(hour(0), Map.of(FeatureChannel.PM2_5, 12.5), 48)
            .with(
                hour(46),
                Map.of(FeatureChannel.TEMPERATURE, -3.25, FeatureChannel.WIND_DIRECTION, 0.0),
                48)
            .with(hour(47), Map.of(FeatureChannel.PM2_5, 80.0), 48);
    return w.toSiteFeatures("site-a", 48);
  }

  @Test
  void siteFeaturesSchemaShouldAcceptWindowsWithValuesAndNulls() throws IOException {
    assertThat(errors("site-features.v1.schema.json", SiteFeaturesJson.encode(sampleFeatures())))
        .isEmpty();
  }

  @Test
  void siteFeaturesSchemaShouldRejectAMissingChannelAWrongUnitOrAStringValue() throws IOException {
    ObjectNode good =
        (ObjectNode) Json.mapper().readTree(SiteFeaturesJson.encode(sampleFeatures()));
    ObjectNode noDewPoint = good.deepCopy();
    ((ObjectNode) noDewPoint.get("channels")).remove("dew_point");
    ObjectNode kelvin = good.deepCopy();
    ((ObjectNode) kelvin.get("units")).put("temperature", "K");
    ObjectNode text = good.deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) text.get("channels").get("pm2_5"))
        .set(3, "12");

    for (ObjectNode bad : java.util.List.of(noDewPoint, kelvin, text)) {
      assertThat(errors("site-features.v1.schema.json", Json.mapper().writeValueAsBytes(bad)))
          .as(bad.toString())
          .isNotEmpty();
    }
  }
}
