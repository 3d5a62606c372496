package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.gateway.AcceptedReading;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteHourly;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values the gateway's QC flagged fail (QARTOD 4) stay out of the hourly means and so out of the
 * NowCast/AQI built from them, and each hour says how many it left out. Hand-computed expectations
 * in the comments; grace is the default 10 minutes.
 */
class QcExclusionTopologyTest {
  @TempDir Path stateDir;
  private TopologyFixture fx;

  @BeforeEach
  void startDriver() {
    fx = new TopologyFixture(stateDir);
  }

  @AfterEach
  void closeDriver() {
    fx.close();
  }

  /** Pipes a reading whose listed quantities failed QC (flat line) and the rest passed. */
  private void pipeFlagged(ReadingBuilder builder, Quantity... failed) {
    Reading r = builder.build();
    List<QcMark> marks = new ArrayList<>();
    for (Quantity q : r.values().keySet()) {
      marks.add(
          List.of(failed).contains(q)
              ? new QcMark(
                  q, QcFlag.FAIL, Map.of(QcTest.FLAT_LINE, QcFlag.FAIL), QcFlag.NOT_EVALUATED)
              : QcMark.of(q, QcFlag.PASS));
    }
    fx.pipeRaw(
        r.deviceId().value(),
        ReadingJson.encode(new AcceptedReading(r, null, List.of(), marks)),
        Instant.ofEpochMilli(r.eventTime()));
  }

  @Test
  void shouldLeaveFailFlaggedValuesOutOfTheHourlyMeanAndCountThem() {
    pipeFlagged(reading().device("d1").seq(1).at(at(0, 5)).pm25(10.0));
    pipeFlagged(reading().device("d2").seq(1).at(at(0, 10)).pm25(14.0));
    // the stuck sensor: its pm2_5 failed, its temperature passed
    pipeFlagged(
        reading().device("d3").seq(1).at(at(0, 20)).pm25(500.0).value(Quantity.TEMPERATURE, 20),
        Quantity.PM2_5);
    pipeFlagged(
        reading().device("d9").seq(1).at(at(1, 10)).value(Quantity.TEMPERATURE, 22)); // closes 0

    List<TestRecord<String, SiteHourly>> out = fx.siteHourly();
    assertThat(out).hasSize(1);
    SiteHourly h = out.get(0).value();
    // pm2_5: (10 + 14) / 2 = 12.0 from d1, d2; d3's 500 excluded. temperature: 20 from d3
    assertThat(h.quantities())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Quantity.PM2_5, new SiteHourly.QuantityMean(12.0, 2, 2),
                Quantity.TEMPERATURE, new SiteHourly.QuantityMean(20.0, 1, 1)));
    assertThat(h.excluded()).containsExactlyEntriesOf(Map.of(Quantity.PM2_5, 1L));
    assertThat(h.excludedCount(Quantity.TEMPERATURE)).isZero();
  }

  @Test
  void shouldComputeTheAqiWithoutFailFlaggedValues() {
    // hour 0: 10, 14 and a failed 500 -> 12.0; hour 1: 11, 13 and a failed 500 -> 12.0
    pipeFlagged(reading().device("d1").seq(1).at(at(0, 5)).pm25(10.0));
    pipeFlagged(reading().device("d2").seq(1).at(at(0, 10)).pm25(14.0));
    pipeFlagged(reading().device("d3").seq(1).at(at(0, 20)).pm25(500.0), Quantity.PM2_5);
    pipeFlagged(reading().device("d1").seq(2).at(at(1, 5)).pm25(11.0));
    pipeFlagged(reading().device("d2").seq(2).at(at(1, 10)).pm25(13.0));
    pipeFlagged(reading().device("d3").seq(2).at(at(1, 20)).pm25(500.0), Quantity.PM2_5);
    pipeFlagged(reading().device("d9").seq(1).at(at(2, 10)).value(Quantity.TEMPERATURE, 5));

    List<SiteAqi> aqi = fx.siteAqi().stream().map(TestRecord::value).toList();
    SiteAqi hour1 = aqi.get(aqi.size() - 1);
    // NowCast of hour 1 over c1 = 12.0, c2 = 12.0: w = 1, NowCast = 12.0.
    // AQI 2024 PM2.5 breakpoints 9.1-35.4 -> 51-100: 49 / 26.3 * (12.0 - 9.1) + 51 = 56.40 -> 56.
    // Averaged in, the failed values would make hour 1 (11 + 13 + 500) / 3 = 174.7 µg/m³.
    assertThat(hour1.nowcast()).containsExactlyEntriesOf(Map.of(Pollutant.PM2_5, 12.0));
    assertThat(hour1.aqi()).isEqualTo(56);
    List<SiteHourly> hours = fx.siteHourly().stream().map(TestRecord::value).toList();
    assertThat(hours).extracting(x -> x.excludedCount(Quantity.PM2_5)).containsExactly(1L, 1L);
  }

  @Test
  void shouldPublishNoHourWhoseEveryValueFailed() {
    pipeFlagged(
        reading().site("site-b").device("s1").seq(1).at(at(0, 5)).pm25(500.0), Quantity.PM2_5);
    pipeFlagged(reading().site("site-b").device("s1").seq(2).at(at(1, 10)).pm25(12.0)); // closes 0

    assertThat(fx.siteHourly()).as("hour 0 had no usable value").isEmpty();
    assertThat(fx.deadLetters()).isEmpty();
  }

  @Test
  void shouldTreatARecordWithoutQcAsNotEvaluatedAndAverageIt() {
    fx.pipe(reading().device("d1").seq(1).at(at(0, 5)).pm25(10.0));
    fx.pipe(reading().device("d2").seq(1).at(at(0, 10)).pm25(500.0));
    fx.pipe(reading().device("d9").seq(1).at(at(1, 10)).value(Quantity.TEMPERATURE, 5));

    SiteHourly h = fx.siteHourly().get(0).value();
    // no qc member: nothing is excluded, (10 + 500) / 2 = 255.0
    assertThat(h.quantities().get(Quantity.PM2_5))
        .isEqualTo(new SiteHourly.QuantityMean(255.0, 2, 2));
    assertThat(h.excluded()).isEmpty();
  }
}
