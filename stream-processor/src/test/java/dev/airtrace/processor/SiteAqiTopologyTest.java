package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.T0;
import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.aqi.AqiCategory;
import dev.airtrace.core.aqi.Averaging;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteHourly;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole topology in a TopologyTestDriver. Grace is the default 10 minutes, so the hour [h, h+1)
 * closes when stream time reaches h+1:10. Expected values are computed by hand in the comments.
 */
class SiteAqiTopologyTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @TempDir Path stateDir;
  private TopologyFixture fx;

  @BeforeEach
  void startDriver() {
    fx = new TopologyFixture(stateDir);
  }

  @AfterEach
  void closeDriver() {
    if (fx != null) {
      fx.close();
    }
  }

  private static long ms(Instant t) {
    return t.toEpochMilli();
  }

  @Test
  void shouldAverageEveryQuantityAcrossDevicesWhenTheHourCloses() {
    fx.pipe(reading().device("d1").seq(1).at(at(0, 5)).pm25(10.0).value(Quantity.TEMPERATURE, 20));
    fx.pipe(reading().device("d2").seq(1).at(at(0, 10)).pm25(14.0));
    fx.pipe(reading().device("d1").seq(2).at(at(0, 35)).pm25(12.0).value(Quantity.TEMPERATURE, 22));
    assertThat(fx.siteHourly()).as("the hour is still open").isEmpty();

    fx.pipe(reading().device("d9").at(at(1, 10)).pm25(99.0)); // site-a's clock: closes hour 0

    List<TestRecord<String, SiteHourly>> out = fx.siteHourly();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).key()).isEqualTo("site-a");
    SiteHourly h = out.get(0).value();
    assertThat(h.windowStart()).isEqualTo(ms(T0));
    assertThat(h.windowEnd()).isEqualTo(ms(T0) + HOUR);
    // pm2_5: (10 + 14 + 12) / 3 = 12.0 from d1, d2; temperature: (20 + 22) / 2 = 21.0 from d1
    assertThat(h.quantities())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Quantity.PM2_5, new SiteHourly.QuantityMean(12.0, 3, 2),
                Quantity.TEMPERATURE, new SiteHourly.QuantityMean(21.0, 2, 1)));
    assertThat(fx.deadLetters()).isEmpty();
  }

  @Test
  void shouldCloseTheHourExactlyWhenStreamTimeReachesEndPlusGrace() {
    fx.pipe(reading().device("d1").seq(1).at(at(0, 30)).pm25(10.0));
    fx.pipe(reading().device("d1").seq(2).at(at(1, 10).minusMillis(1)).pm25(20.0));
    assertThat(fx.siteHourly()).as("1 ms before 01:10").isEmpty();

    fx.pipe(reading().device("d1").seq(3).at(at(1, 10)).pm25(30.0));

    assertThat(fx.siteHourly()).extracting(r -> r.value().windowStart()).containsExactly(ms(T0));
  }

  @Test
  void shouldWindowByEventTimeNotByTheRecordTimestamp() {
    // The producer's clock is six hours behind: windowing by record timestamp would put these
    // readings in the hour starting at T0 - 6 h. (A producer clock *ahead* of the event times
    // cannot be shown here: the driver runs both sub-topologies in one task, so the input's
    // timestamps would advance the stream time of the repartitioned side, which a real
    // deployment keeps in separate tasks.)
    Instant producerTime = T0.minus(Duration.ofHours(6));
    fx.pipe(reading().device("d1").seq(1).at(at(0, 10)).pm25(8.0).build(), producerTime);
    fx.pipe(reading().device("d1").seq(2).at(at(0, 50)).pm25(12.0).build(), producerTime);
    fx.pipe(reading().device("d1").seq(3).at(at(1, 10)).pm25(1.0).build(), producerTime);

    List<TestRecord<String, SiteHourly>> out = fx.siteHourly();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).value().windowStart()).isEqualTo(ms(T0));
    // (8 + 12) / 2 = 10.0
    assertThat(out.get(0).value().quantities().get(Quantity.PM2_5).mean()).isEqualTo(10.0);
    assertThat(out.get(0).timestamp())
        .as("output carries event time: the hour's last millisecond")
        .isEqualTo(ms(at(1, 0)) - 1);
  }

  @Test
  void shouldDropDuplicateReadingsAndCountThem() {
    ReadingBuilder first = reading().device("d1").seq(1).at(at(0, 10)).pm25(10.0);
    fx.pipe(first);
    fx.pipe(first); // the same record delivered twice
    fx.pipe(reading().device("d1").seq(2).at(at(0, 20)).pm25(20.0));
    // sequence 1 reused, stamped within the counter-reset tolerance of the latest (00:20)
    fx.pipe(reading().device("d1").seq(1).at(at(0, 20)).pm25(100.0));
    fx.pipe(reading().device("d2").seq(1).at(at(0, 30)).pm25(30.0)); // other device, same seq
    fx.pipe(reading().device("d1").seq(3).at(at(1, 10)).pm25(0.0)); // closes hour 0

    SiteHourly h = fx.siteHourly().get(0).value();
    // kept: 10 (d1#1), 20 (d1#2), 30 (d2#1) -> mean 20.0 of 3 readings from 2 devices
    assertThat(h.quantities().get(Quantity.PM2_5))
        .isEqualTo(new SiteHourly.QuantityMean(20.0, 3, 2));
    assertThat(fx.metric("duplicate-readings-total")).isEqualTo(2.0);
    assertThat(fx.deadLetters()).as("duplicates are counted, not dead-lettered").isEmpty();
  }

  @Test
  void shouldKeepReadingsOfADeviceWhoseCounterRestartedInTheHourlyMeans() {
    fx.pipe(reading().device("d1").seq(700).at(at(0, 5)).pm25(10.0));
    fx.pipe(reading().device("d1").seq(701).at(at(0, 10)).pm25(20.0));
    // rebooted: the counter starts again at 0, 15 min after the latest reading (tolerance 60 s)
    fx.pipe(reading().device("d1").seq(0).at(at(0, 25)).pm25(30.0));
    fx.pipe(reading().device("d1").seq(1).at(at(0, 30)).pm25(40.0));
    fx.pipe(reading().device("d1").seq(2).at(at(1, 10)).pm25(0.0)); // closes hour 0

    SiteHourly h = fx.siteHourly().get(0).value();
    // all four kept: (10 + 20 + 30 + 40) / 4 = 25.0
    assertThat(h.quantities().get(Quantity.PM2_5))
        .isEqualTo(new SiteHourly.QuantityMean(25.0, 4, 1));
    assertThat(fx.metric("counter-resets-total")).isEqualTo(1.0);
    assertThat(fx.metric("duplicate-readings-total")).isEqualTo(0.0);
  }

  @Test
  void shouldStillDropAReplayOfAReadingFromBeforeTheCounterRestart() {
    ReadingBuilder beforeReset = reading().device("d1").seq(1).at(at(0, 5)).pm25(10.0);
    fx.pipe(beforeReset);
    fx.pipe(reading().device("d1").seq(0).at(at(0, 20)).pm25(20.0)); // reset
    fx.pipe(reading().device("d1").seq(1).at(at(0, 21)).pm25(30.0)); // seq 1 of the new epoch
    fx.pipe(beforeReset); // replayed with its original event time
    fx.pipe(reading().device("d1").seq(2).at(at(1, 10)).pm25(0.0)); // closes hour 0

    SiteHourly h = fx.siteHourly().get(0).value();
    // kept: 10, 20, 30 -> mean 20.0 of 3
    assertThat(h.quantities().get(Quantity.PM2_5))
        .isEqualTo(new SiteHourly.QuantityMean(20.0, 3, 1));
    assertThat(fx.metric("duplicate-readings-total")).isEqualTo(1.0);
  }

  @Test
  void shouldCountOutOfOrderReadingsThatArriveWithinTheGrace() {
    fx.pipe(reading().device("d1").seq(1).at(at(0, 50)).pm25(10.0));
    fx.pipe(reading().device("d1").seq(2).at(at(1, 5)).pm25(30.0)); // stream time 01:05
    fx.pipe(reading().device("d2").seq(1).at(at(0, 20)).pm25(20.0)); // hour 0 open until 01:10
    fx.pipe(reading().device("d1").seq(3).at(at(2, 10)).pm25(0.0)); // closes hours 0 and 1

    List<SiteHourly> out = fx.siteHourly().stream().map(TestRecord::value).toList();
    assertThat(out).extracting(SiteHourly::windowStart).containsExactly(ms(T0), ms(T0) + HOUR);
    // hour 0: (10 + 20) / 2 = 15.0; hour 1: 30.0
    assertThat(out.get(0).quantities().get(Quantity.PM2_5))
        .isEqualTo(new SiteHourly.QuantityMean(15.0, 2, 2));
    assertThat(out.get(1).quantities().get(Quantity.PM2_5))
        .isEqualTo(new SiteHourly.QuantityMean(30.0, 1, 1));
    assertThat(fx.deadLetters()).isEmpty();
  }

  @Test
  void shouldDeadLetterAReadingBeyondTheLateHorizonInsteadOfDroppingIt() {
    fx.close();
    fx =
        new TopologyFixture(
            ProcessorConfig.builder("unused:9092", stateDir)
                .applicationId(TopologyFixture.APP_ID)
                .lateHorizon(Duration.ofHours(1))
                .build());
    fx.pipe(reading().device("d1").seq(1).at(at(0, 10)).pm25(10.0)); // offset 0
    fx.pipe(reading().device("d1").seq(2).at(at(1, 10)).pm25(30.0)); // offset 1, closes hour 0
    fx.pipe(reading().device("d1").seq(3).at(at(2, 10)).pm25(0.0)); // offset 2, closes hour 1
    // 00:59 is more than the 1 h horizon behind the site's newest reading (02:10)
    ReadingBuilder late = reading().device("d2").seq(7).at(at(0, 59)).pm25(500.0);
    fx.pipe(late); // offset 3
    fx.advanceWallClock(Duration.ofMinutes(1));

    List<TestRecord<String, DeadLetter>> dead = fx.deadLetters();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).key()).isEqualTo("d2");
    DeadLetter d = dead.get(0).value();
    assertThat(d.reason()).isEqualTo(RejectReason.LATE_BEYOND_GRACE);
    assertThat(d.source()).isEqualTo("kafka:airtrace.gateway.readings.v1/0/3");
    assertThat(d.payload()).isEqualTo(late.bytes());
    assertThat(d.deviceId()).isEqualTo("d2");
    assertThat(d.gatewayId()).isEqualTo(TopologyFixture.APP_ID);
    assertThat(d.rejectedAt()).isEqualTo(TopologyFixture.WALL_CLOCK.toEpochMilli());
    assertThat(d.detail())
        .contains("2025-01-15T00:59:00Z")
        .contains("late horizon PT1H")
        .contains("(2025-01-15T02:10:00Z)");
    // the late 500 changed nothing: hour 0 = 10.0, hour 1 = 30.0, no revision
    assertThat(fx.siteHourly())
        .extracting(
            r -> r.value().quantities().get(Quantity.PM2_5).mean(), r -> r.value().revision())
        .containsExactly(tuple(10.0, 0), tuple(30.0, 0));
  }

  @Test
  void shouldDeadLetterCorruptBytesAndKeepProcessingTheGoodOnes() {
    byte[] notJson = "pm2_5=12".getBytes(StandardCharsets.UTF_8);
    byte[] notAReading = "{\"deviceId\":\"d1\"}".getBytes(StandardCharsets.UTF_8);
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, 0x7B};
    fx.pipeRaw("d1", notJson, at(0, 1)); // offset 0
    fx.pipeRaw("d1", notAReading, at(0, 2)); // offset 1
    fx.pipeRaw(null, notUtf8, at(0, 3)); // offset 2
    fx.pipeRaw("d1", null, at(0, 4)); // offset 3: a tombstone is not a reading either
    fx.pipe(reading().device("d1").seq(1).at(at(0, 10)).pm25(11.0));
    fx.pipe(reading().device("d1").seq(2).at(at(1, 10)).pm25(0.0)); // closes hour 0

    List<TestRecord<String, DeadLetter>> dead = fx.deadLetters();
    assertThat(dead).extracting(TestRecord::key).containsExactly("d1", "d1", null, "d1");
    assertThat(dead)
        .extracting(r -> r.value().reason())
        .containsOnly(RejectReason.UNDECODABLE_RECORD);
    assertThat(dead)
        .extracting(r -> r.value().source())
        .containsExactly(
            "kafka:airtrace.gateway.readings.v1/0/0",
            "kafka:airtrace.gateway.readings.v1/0/1",
            "kafka:airtrace.gateway.readings.v1/0/2",
            "kafka:airtrace.gateway.readings.v1/0/3");
    assertThat(dead.get(0).value().payload()).isEqualTo(notJson);
    assertThat(dead.get(1).value().payload()).isEqualTo(notAReading);
    assertThat(dead.get(2).value().payload()).isEqualTo(notUtf8);
    assertThat(dead.get(2).value().deviceId()).isNull();
    assertThat(dead.get(1).value().detail()).contains("missing");

    assertThat(fx.siteHourly())
        .extracting(r -> r.value().quantities().get(Quantity.PM2_5).mean())
        .containsExactly(11.0);
  }

  /**
   * One reading at hh:30 per hour for the pm2_5 values given, oldest first; null skips the hour.
   */
  private void hourlyPm25(Double... oldestFirst) {
    for (int h = 0; h < oldestFirst.length; h++) {
      if (oldestFirst[h] != null) {
        fx.pipe(reading().device("d1").seq(h).at(at(h, 30)).pm25(oldestFirst[h]));
      }
    }
  }

  private Map<Long, SiteAqi> aqiByHour() {
    return fx.siteAqi().stream()
        .map(TestRecord::value)
        .collect(Collectors.toMap(SiteAqi::hourStart, Function.identity()));
  }

  @Test
  void shouldReproduceTheEpaNowCastExampleAsTheSiteAqi() throws Exception {
    // EPA slide, oldest to newest; the 13th value only closes hour 11
    hourlyPm25(50.0, 80.0, 75.0, 90.0, 82.0, 53.0, 64.0, 74.0, 21.0, 10.0, 16.0, 13.0, 5.0);

    List<TestRecord<String, byte[]>> raw = fx.siteAqiRaw();
    // hour 0 has only c1 (no NowCast), hours 1..11 have one record each
    assertThat(raw).hasSize(11);
    TestRecord<String, byte[]> last = raw.get(raw.size() - 1);
    assertThat(last.key()).isEqualTo("site-a");
    // NowCast 17.414 -> 17.4; AQI 49/26.3 * (17.4 - 9.1) + 51 = 66.46 -> 66
    JsonNode expected =
        Json.mapper()
            .readTree(
                ("{'siteId':'site-a','hourStart':%d,'time':%d,'aqi':66,'category':'Moderate',"
                        + "'colour':'yellow','dominant':'pm2_5','beyondIndex':false,"
                        + "'subIndices':{'pm2_5':{'aqi':66,'concentration':17.4,'unit':'ug/m3',"
                        + "'averaging':'nowcast','category':'Moderate','beyondIndex':false}},"
                        + "'nowcast':{'pm2_5':17.4},'pm24h':{},'revision':0}")
                    .formatted(ms(at(11, 0)), ms(at(12, 0)))
                    .replace('\'', '"'));
    assertThat(Json.mapper().readTree(last.value())).isEqualTo(expected);
  }

  @Test
  void shouldComputeTheNowCastAcrossTwelveHoursWithAMissingHour() {
    // the slide data with c2 (hour 10, value 16) missing: no reading at all in hour 10
    hourlyPm25(50.0, 80.0, 75.0, 90.0, 82.0, 53.0, 64.0, 74.0, 21.0, 10.0, null, 13.0, 5.0);

    Map<Long, SiteAqi> byHour = aqiByHour();
    // hours 1..9 and 11; a missing hour emits nothing and hour 0 has no NowCast
    assertThat(byHour).hasSize(10).doesNotContainKey(ms(at(10, 0)));
    SiteAqi a = byHour.get(ms(at(11, 0)));
    // NowCast 17.885 -> 17.8; AQI 49/26.3 * (17.8 - 9.1) + 51 = 67.21 -> 67
    assertThat(a.nowcast()).containsExactlyEntriesOf(Map.of(Pollutant.PM2_5, 17.8));
    assertThat(a.aqi()).isEqualTo(67);
    assertThat(a.subIndices().get(Pollutant.PM2_5).averaging()).isEqualTo(Averaging.NOWCAST);
    assertThat(a.subIndices().get(Pollutant.PM2_5).concentration()).isEqualTo(17.8);
  }

  @Test
  void shouldHaveNoNowCastWhenTheTwoLatestHoursAreMissing() {
    // hours 0..9 of data, hours 10 and 11 missing, a reading in hour 12 closes hour 12's
    // predecessor windows; hour 12 itself has c1 only (c2, c3 missing) -> no NowCast
    hourlyPm25(50.0, 80.0, 75.0, 90.0, 82.0, 53.0, 64.0, 74.0, 21.0, 10.0, null, null, 13.0, 5.0);

    Map<Long, SiteAqi> byHour = aqiByHour();
    assertThat(byHour).containsKey(ms(at(9, 0))).doesNotContainKey(ms(at(12, 0)));
  }

  @Test
  void shouldReportTheDominantPollutantAndFollowItWhenItSwitches() {
    // hour 0: pm2_5 20.0 (NowCast needs 2 of 3 recent hours: none), no2 40 ppb -> 50/53*40 = 37.7
    //   -> 38, dominant no2
    // hour 1: NowCast of 20, 20 = 20.0 -> 49/26.3 * (20.0 - 9.1) + 51 = 71.31 -> 71 > no2 38
    // hour 2: NowCast 20.0 -> 71; no2 150 ppb -> 49/259 * (150 - 101) + 101 = 110.27 -> 110
    double[] no2 = {40, 40, 150};
    for (int h = 0; h < 3; h++) {
      fx.pipe(reading().device("d1").seq(h).at(at(h, 30)).pm25(20.0).no2(no2[h]));
    }
    fx.pipe(reading().device("d1").seq(3).at(at(3, 10)).pm25(20.0)); // closes hour 2

    List<SiteAqi> out = fx.siteAqi().stream().map(TestRecord::value).toList();
    assertThat(out)
        .extracting(SiteAqi::dominant)
        .containsExactly(Pollutant.NO2, Pollutant.PM2_5, Pollutant.NO2);
    assertThat(out).extracting(SiteAqi::aqi).containsExactly(38, 71, 110);
    assertThat(out.get(2).category()).isEqualTo(AqiCategory.UNHEALTHY_FOR_SENSITIVE_GROUPS);
    assertThat(out.get(2).subIndices().get(Pollutant.PM2_5).aqi()).isEqualTo(71);
  }

  @Test
  void shouldReportThe24HourPmMeanOnlyWhenEighteenOfTwentyFourHoursHaveData() {
    // pm2_5 = 10 + h in hours 0..19; pm10 = 20 in hours 1..18 only
    for (int h = 0; h < 20; h++) {
      ReadingBuilder r = reading().device("d1").seq(h).at(at(h, 30)).pm25(10.0 + h);
      if (h >= 1 && h <= 18) {
        r.pm10(20.0);
      }
      fx.pipe(r);
    }

    Map<Long, SiteAqi> byHour = aqiByHour();
    // hour 16: pm2_5 has 17 hours (0..16) -> no 24-h mean
    assertThat(byHour.get(ms(at(16, 0))).pm24h()).isEmpty();
    // hour 17: pm2_5 hours 0..17 = 18 hours, mean 10 + 17/2 = 18.5; pm10 hours 1..17 = 17 -> none
    assertThat(byHour.get(ms(at(17, 0))).pm24h())
        .containsExactlyEntriesOf(Map.of(Pollutant.PM2_5, 18.5));
    // hour 18: pm2_5 19 hours, mean 10 + 18/2 = 19.0; pm10 18 hours of 20 -> 20.0
    assertThat(byHour.get(ms(at(18, 0))).pm24h())
        .containsExactlyInAnyOrderEntriesOf(Map.of(Pollutant.PM2_5, 19.0, Pollutant.PM10, 20.0));
  }

  @Test
  void shouldNameEveryProcessorStoreAndInternalTopic() {
    String description = SiteAqiTopology.build(fx.config).describe().toString();

    assertThat(description)
        .doesNotContain("KSTREAM-")
        .doesNotContain("KTABLE-")
        .contains(SiteAqiTopology.DEDUP_DEVICE_STORE)
        .contains(SiteAqiTopology.HOURLY_STORE)
        .contains(SiteAqiTopology.HISTORY_STORE)
        .contains(SiteAqiTopology.REPARTITION + "-repartition");
  }
}
