package dev.airtrace.processor;

import static dev.airtrace.processor.History.hour;
import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteHourly;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature windows through the whole topology in a TopologyTestDriver: readings in, closed hours
 * (default grace 10 minutes, so hour h closes at h+1:10), windows out.
 */
class SiteFeaturesTopologyTest {
  @TempDir Path stateDir;
  private TopologyFixture fx;

  @AfterEach
  void closeDriver() {
    if (fx != null) {
      fx.close();
    }
  }

  private TopologyFixture start(ProcessorConfig config) {
    fx = new TopologyFixture(config);
    return fx;
  }

  private ProcessorConfig defaults() {
    return ProcessorConfig.builder("unused:9092", stateDir)
        .applicationId(TopologyFixture.APP_ID)
        .build();
  }

  @Test
  void shouldPublishAWindowOfHourlyMeansForEveryClosedHour() {
    start(defaults());
    long seq = 1;
    for (int h = 0; h < 3; h++) {
      // two devices, two readings each: pm2_5 means 10h + 5 and 10h + 15 average to 10h + 10
      fx.pipe(
          reading()
              .device("d1")
              .seq(seq++)
              .at(at(h, 5))
              .pm25(10 * h + 5)
              .value(Quantity.TEMPERATURE, 20)
              .value(Quantity.RELATIVE_HUMIDITY, 50));
      fx.pipe(reading().device("d2").seq(seq++).at(at(h, 30)).pm25(10 * h + 15));
    }
    fx.pipe(reading().device("d1").seq(seq).at(at(3, 10)).pm25(1.0)); // closes hour 2

    List<TestRecord<String, SiteFeatures>> out = fx.siteFeatures();
    assertThat(out).hasSize(3);
    assertThat(out).extracting(TestRecord::key).containsOnly("site-a");
    assertThat(out)
        .extracting(r -> r.value().issueTime())
        .containsExactly(hour(1), hour(2), hour(3));
    SiteFeatures last = out.get(2).value();
    assertThat(last.hours()).isEqualTo(48);
    assertThat(last.hourStarts().get(47)).isEqualTo(hour(2));
    assertThat(last.values(FeatureChannel.PM2_5).subList(44, 48))
        .containsExactly(null, 10.0, 20.0, 30.0);
    assertThat(last.values(FeatureChannel.TEMPERATURE).subList(45, 48))
        .containsExactly(20.0, 20.0, 20.0);
    assertThat(last.values(FeatureChannel.DEW_POINT).get(47)).isCloseTo(9.26, within(0.01));
    assertThat(last.values(FeatureChannel.PRESSURE)).containsOnlyNulls();
    assertThat(last.values(FeatureChannel.PM2_5).subList(0, 45)).containsOnlyNulls();
  }

  @Test
  void shouldWriteMissingHoursAsExplicitJsonNulls() throws Exception {
    start(defaults());
    fx.pipe(reading().seq(1).at(at(0, 5)).pm25(8.0));
    fx.pipe(reading().seq(2).at(at(2, 5)).pm25(9.0)); // hour 1 has no reading
    fx.pipe(reading().seq(3).at(at(3, 10)).pm25(1.0));

    List<TestRecord<String, byte[]>> out = fx.siteFeaturesRaw();
    assertThat(out).hasSize(2);
    JsonNode json = Json.mapper().readTree(out.get(1).value());
    assertThat(json.get("schemaVersion").intValue()).isEqualTo(1);
    assertThat(json.get("siteId").textValue()).isEqualTo("site-a");
    assertThat(json.get("issueTime").longValue()).isEqualTo(hour(3));
    assertThat(json.get("hours").intValue()).isEqualTo(48);
    JsonNode pm = json.get("channels").get("pm2_5");
    assertThat(pm.size()).isEqualTo(48);
    assertThat(pm.get(45).doubleValue()).isEqualTo(8.0);
    assertThat(pm.get(46).isNull()).as("hour 1 is an explicit null").isTrue();
    assertThat(pm.get(47).doubleValue()).isEqualTo(9.0);
    assertThat(json.get("channels").get("wind_speed").size()).isEqualTo(48);
    assertThat(json.get("units").get("pm2_5").textValue()).isEqualTo("ug/m3");
  }

  @Test
  void shouldUseTheConfiguredWindowLength() {
    start(defaults().toBuilder().featureWindowHours(3).build());
    for (int h = 0; h < 5; h++) {
      fx.pipe(reading().seq(h + 1).at(at(h, 5)).pm25(h));
    }
    fx.pipe(reading().seq(9).at(at(5, 10)).pm25(1.0));

    SiteFeatures last = fx.siteFeatures().get(4).value();
    assertThat(last.hours()).isEqualTo(3);
    assertThat(last.hourStarts())
        .containsExactlyElementsOf(IntStream.of(2, 3, 4).mapToObj(History::hour).toList());
    assertThat(last.values(FeatureChannel.PM2_5)).containsExactly(2.0, 3.0, 4.0);
  }

  @Test
  void shouldAverageWindDirectionAsAVectorInTheHourlyMeanAndTheWindow() {
    assumeThat(HourAccumulator.WIND_DIRECTION).as("core defines wind_direction").isPresent();
    Quantity direction = HourAccumulator.WIND_DIRECTION.get();
    start(defaults());
    fx.pipe(reading().device("d1").seq(1).at(at(0, 5)).pm25(5.0).value(direction, 350));
    fx.pipe(reading().device("d2").seq(1).at(at(0, 6)).pm25(5.0).value(direction, 10));
    fx.pipe(reading().device("d1").seq(2).at(at(1, 10)).pm25(5.0));

    // arithmetic mean: 180 (south); vector mean: 0 (north)
    SiteHourly hourly = fx.siteHourly().get(0).value();
    assertThat(hourly.quantities().get(direction)).isEqualTo(new SiteHourly.QuantityMean(0, 2, 2));
    SiteFeatures w = fx.siteFeatures().get(0).value();
    assertThat(w.values(FeatureChannel.WIND_DIRECTION).get(47)).isEqualTo(0.0);
  }

  @Test
  void shouldPublishNoFeaturesAndKeepNoFeatureStoreWhenDisabled() {
    start(defaults().toBuilder().features(false).build());
    fx.pipe(reading().seq(1).at(at(0, 5)).pm25(8.0));
    fx.pipe(reading().seq(2).at(at(1, 10)).pm25(1.0));

    assertThat(fx.siteHourly()).hasSize(1);
    assertThat(fx.siteFeatures()).isEmpty();
    assertThat(SiteAqiTopology.build(fx.config).describe().toString())
        .doesNotContain(SiteAqiTopology.FEATURES_STORE)
        .doesNotContain("site-features");
  }

  @Test
  void shouldNameTheFeaturesProcessorStoreAndSink() {
    start(defaults());
    String description = SiteAqiTopology.build(fx.config).describe().toString();

    assertThat(description)
        .doesNotContain("KSTREAM-")
        .contains("Processor: site-features")
        .contains(SiteAqiTopology.FEATURES_STORE)
        .contains("Sink: site-features-sink (topic: " + Topics.SITE_FEATURES.name() + ")");
  }
}
