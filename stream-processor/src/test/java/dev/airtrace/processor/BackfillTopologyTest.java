package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteHourly;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late readings within the horizon, per-site event time and revisions, through the whole topology
 * (default configuration: 10 min settle delay, 7 d horizon, revisions every 5 s of wall clock).
 */
class BackfillTopologyTest {
  private static final Duration REVISION_INTERVAL = ProcessorConfig.DEFAULT_REVISION_INTERVAL;

  @TempDir Path stateDir;
  private TopologyFixture fx;

  @BeforeEach
  void start() {
    fx = new TopologyFixture(stateDir);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private static long ms(Instant t) {
    return t.toEpochMilli();
  }

  /** Hours 0..3 with one d1 reading each (10, 20, 30, 40 ug/m3); a reading at 04:10 closes 3. */
  private void fourLiveHours() {
    for (int h = 0; h < 4; h++) {
      fx.pipe(reading().device("d1").seq(h + 1).at(at(h, 30)).pm25(10.0 * (h + 1)));
    }
    fx.pipe(reading().device("d1").seq(5).at(at(4, 10)).pm25(50.0));
  }

  @Test
  void shouldReviseTheHourNowCastAqiAndFeatureWindowsWhenALateReadingArrivesWithinTheHorizon() {
    fourLiveHours();
    assertThat(fx.siteHourly())
        .extracting(r -> r.value().windowStart(), r -> r.value().revision())
        .containsExactly(
            tuple(ms(at(0, 0)), 0),
            tuple(ms(at(1, 0)), 0),
            tuple(ms(at(2, 0)), 0),
            tuple(ms(at(3, 0)), 0));
    // NowCast PM2.5 (weights w* = max(min/max, 0.5)), truncated to 0.1:
    // hour 1: 20,10 -> w* 0.5: (20 + 5) / 1.5 = 16.67 -> 16.6
    // hour 2: 30,20,10 -> w* 0.5: (30 + 10 + 2.5) / 1.75 = 24.29 -> 24.2
    // hour 3: 40,30,20,10 -> w* 0.5: (40 + 15 + 5 + 1.25) / 1.875 = 32.67 -> 32.6
    // hour 0 alone has no NowCast (two of the three latest hours are needed): no AQI
    assertThat(fx.siteAqi())
        .extracting(r -> r.value().hourStart(), r -> nowcast(r), r -> r.value().revision())
        .containsExactly(
            tuple(ms(at(1, 0)), 16.6, 0),
            tuple(ms(at(2, 0)), 24.2, 0),
            tuple(ms(at(3, 0)), 32.6, 0));
    assertThat(fx.siteFeatures())
        .extracting(r -> r.value().issueTime(), r -> r.value().revision())
        .containsExactly(
            tuple(ms(at(1, 0)), 0),
            tuple(ms(at(2, 0)), 0),
            tuple(ms(at(3, 0)), 0),
            tuple(ms(at(4, 0)), 0));

    // d2's reading of 00:45 arrives 3 h 25 min late: far beyond the 10 min settle delay,
    // well inside the 7 d horizon
    fx.pipe(reading().device("d2").seq(1).at(at(0, 45)).pm25(30.0));
    assertThat(fx.siteHourly()).as("revisions wait for the revision interval").isEmpty();
    fx.advanceWallClock(REVISION_INTERVAL);

    List<TestRecord<String, SiteHourly>> hourly = fx.siteHourly();
    assertThat(hourly).hasSize(1);
    SiteHourly h0 = hourly.get(0).value();
    assertThat(h0.windowStart()).isEqualTo(ms(at(0, 0)));
    assertThat(h0.revision()).isEqualTo(1);
    // (10 + 30) / 2 = 20.0 from d1 and d2
    assertThat(h0.quantities().get(Quantity.PM2_5))
        .isEqualTo(new SiteHourly.QuantityMean(20.0, 2, 2));
    // hour 0 is now 20: hour 1: 20,20 -> w 1: 20.0
    // hour 2: 30,20,20 -> w 2/3: (30 + 13.33 + 8.89) / 2.111 = 24.74 -> 24.7
    // hour 3: 40,30,20,20 -> w* 0.5: (40 + 15 + 5 + 2.5) / 1.875 = 33.33 -> 33.3
    assertThat(fx.siteAqi())
        .extracting(r -> r.value().hourStart(), r -> nowcast(r), r -> r.value().revision())
        .containsExactly(
            tuple(ms(at(1, 0)), 20.0, 1),
            tuple(ms(at(2, 0)), 24.7, 1),
            tuple(ms(at(3, 0)), 33.3, 1));
    List<SiteFeatures> windows = fx.siteFeatures().stream().map(TestRecord::value).toList();
    assertThat(windows)
        .extracting(SiteFeatures::issueTime, SiteFeatures::revision)
        .containsExactly(
            tuple(ms(at(1, 0)), 1),
            tuple(ms(at(2, 0)), 1),
            tuple(ms(at(3, 0)), 1),
            tuple(ms(at(4, 0)), 1));
    assertThat(windows.get(3).values(FeatureChannel.PM2_5).subList(44, 48))
        .containsExactly(20.0, 20.0, 30.0, 40.0);
    assertThat(fx.deadLetters()).isEmpty();
    assertThat(fx.metric("hourly-revisions-total")).isEqualTo(1.0);
  }

  @Test
  void shouldFoldEveryLateReadingOfOneIntervalIntoOneRevision() {
    fourLiveHours();
    fx.siteHourly();
    fx.pipe(reading().device("d2").seq(1).at(at(0, 45)).pm25(30.0));
    fx.pipe(reading().device("d2").seq(2).at(at(0, 50)).pm25(50.0));
    fx.pipe(reading().device("d2").seq(3).at(at(2, 5)).pm25(30.0));
    fx.advanceWallClock(REVISION_INTERVAL);
    fx.pipe(reading().device("d2").seq(4).at(at(0, 55)).pm25(10.0));
    fx.advanceWallClock(REVISION_INTERVAL);
    fx.advanceWallClock(REVISION_INTERVAL);

    // hour 0: (10 + 30 + 50) / 3 = 30.0, then (10 + 30 + 50 + 10) / 4 = 25.0; hour 2: 30.0
    assertThat(fx.siteHourly())
        .extracting(
            r -> r.value().windowStart(),
            r -> r.value().revision(),
            r -> r.value().quantities().get(Quantity.PM2_5).mean())
        .containsExactly(
            tuple(ms(at(0, 0)), 1, 30.0),
            tuple(ms(at(2, 0)), 1, 30.0),
            tuple(ms(at(0, 0)), 2, 25.0));
  }

  @Test
  void shouldKeepEachSiteOnItsOwnEventTime() {
    fx.pipe(reading().device("a1").site("site-a").seq(1).at(at(0, 10)).pm25(10.0));
    // site-b runs five hours ahead (another partition caught up first)
    for (int h = 0; h <= 5; h++) {
      fx.pipe(reading().device("b1").site("site-b").seq(h + 1).at(at(h, 10)).pm25(5.0));
    }
    // site-a's own clock is at 00:10: its 00:40 reading is on time, its hour 0 still open
    fx.pipe(reading().device("a1").site("site-a").seq(2).at(at(0, 40)).pm25(20.0));
    assertThat(fx.siteHourly())
        .extracting(r -> r.key())
        .containsExactly("site-b", "site-b", "site-b", "site-b", "site-b");
    fx.pipe(reading().device("a1").site("site-a").seq(3).at(at(1, 10)).pm25(0.0));

    List<TestRecord<String, SiteHourly>> a = fx.siteHourly();
    assertThat(a).hasSize(1);
    assertThat(a.get(0).key()).isEqualTo("site-a");
    // (10 + 20) / 2 = 15.0, first publication
    assertThat(a.get(0).value().quantities().get(Quantity.PM2_5).mean()).isEqualTo(15.0);
    assertThat(a.get(0).value().revision()).isZero();
    fx.advanceWallClock(REVISION_INTERVAL);
    assertThat(fx.siteHourly()).as("no revision").isEmpty();
    assertThat(fx.deadLetters()).isEmpty();
  }

  @Test
  void shouldPublishAnHourThatOnlyLateReadingsFilledAsItsFirstRevision() {
    fourLiveHours();
    fx.siteHourly();
    fx.siteAqi();
    // an outage hid hour -2 entirely; its readings arrive now
    fx.pipe(reading().device("d2").seq(1).at(at(-2, 20)).pm25(10.0));
    fx.advanceWallClock(REVISION_INTERVAL);

    assertThat(fx.siteHourly())
        .extracting(r -> r.value().windowStart(), r -> r.value().revision())
        .containsExactly(tuple(ms(at(-2, 0)), 0));
    // hour 0's AQI becomes computable (hours 0 and -2 of the last three): revision 0;
    // hour 1 now sees 20, 10, (hour -1 missing), 10 -> w* 0.5, weights 1, 0.5, -, 0.125:
    // (20 + 5 + 1.25) / 1.625 = 16.15 -> 16.1, revision 1
    assertThat(fx.siteAqi())
        .extracting(r -> r.value().hourStart(), r -> nowcast(r), r -> r.value().revision())
        .startsWith(tuple(ms(at(0, 0)), 10.0, 0), tuple(ms(at(1, 0)), 16.1, 1));
  }

  private static Double nowcast(TestRecord<String, SiteAqi> r) {
    return r.value().nowcast().get(Pollutant.PM2_5);
  }
}
