package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.T0;
import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.gateway.AcceptedReading;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.processor.SensorQuality;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-sensor quality scores in a TopologyTestDriver, against vectors worked out by hand from
 * the formula in docs/quality.md. Grace (settle) is the default 10 minutes.
 */
class SensorQualityTopologyTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @TempDir Path stateDir;
  private TopologyFixture fx;
  private final List<Reading> readings = new ArrayList<>();
  private final Map<Reading, List<QcMark>> flags = new LinkedHashMap<>();
  private final Map<Reading, List<AnomalyMark>> marks = new LinkedHashMap<>();

  @BeforeEach
  void startDriver() {
    fx = new TopologyFixture(stateDir);
  }

  @AfterEach
  void closeDriver() {
    fx.close();
  }

  private Reading add(
      String device, long seq, Instant t, double pm25, QcFlag flag, boolean anomaly) {
    Reading r = reading().device(device).seq(seq).at(t).pm25(pm25).build();
    readings.add(r);
    QcMark m =
        switch (flag) {
          case SUSPECT ->
              new QcMark(
                  Quantity.PM2_5, flag, Map.of(QcTest.RATE_OF_CHANGE, flag), QcFlag.NOT_EVALUATED);
          case FAIL ->
              new QcMark(
                  Quantity.PM2_5, flag, Map.of(QcTest.FLAT_LINE, flag), QcFlag.NOT_EVALUATED);
          default -> QcMark.of(Quantity.PM2_5, flag);
        };
    flags.put(r, List.of(m));
    marks.put(
        r,
        anomaly ? List.of(new AnomalyMark(Quantity.PM2_5, 5.0, 0.999, "anomaly-ae@1")) : List.of());
    return r;
  }

  /** Pipes every added reading in event-time order, as the gateway would write it. */
  private void pipeAll() {
    readings.sort(Comparator.comparingLong(Reading::eventTime));
    for (Reading r : readings) {
      fx.pipeRaw(
          r.deviceId().value(),
          ReadingJson.encode(new AcceptedReading(r, null, marks.get(r), flags.get(r))),
          Instant.ofEpochMilli(r.eventTime()));
    }
  }

  private static SensorQuality last(List<TestRecord<String, SensorQuality>> out, String device) {
    SensorQuality s = null;
    for (TestRecord<String, SensorQuality> r : out) {
      if (r.key().equals(device)) {
        s = r.value();
      }
    }
    return s;
  }

  @Test
  void shouldScoreAnIncompleteFlaggedDisagreeingSensorByTheDocumentedFormula() {
    for (int h = 0; h < 2; h++) {
      for (int i = 0; i < 4; i++) {
        add("d1", h * 4 + i + 1, at(h, 15 * i), 10.0, QcFlag.PASS, false);
        add("d2", h * 4 + i + 1, at(h, 15 * i + 1), 12.0, QcFlag.PASS, false);
        add("d3", h * 4 + i + 1, at(h, 15 * i + 2), 14.0, QcFlag.PASS, false);
      }
    }
    // d4: hour 0 four readings (pass, suspect, fail, pass + anomaly), hour 1 only two (pass)
    add("d4", 1, at(0, 3), 20.0, QcFlag.PASS, false);
    add("d4", 2, at(0, 18), 20.0, QcFlag.SUSPECT, false);
    add("d4", 3, at(0, 33), 20.0, QcFlag.FAIL, false);
    add("d4", 4, at(0, 48), 20.0, QcFlag.PASS, true);
    add("d4", 5, at(1, 3), 20.0, QcFlag.PASS, false);
    add("d4", 6, at(1, 18), 20.0, QcFlag.PASS, false);
    add("d1", 99, at(2, 10), 10.0, QcFlag.PASS, false); // closes hour 1 (end 2:00 + 10 min)

    pipeAll();

    List<TestRecord<String, SensorQuality>> out = fx.sensorQuality();
    SensorQuality d4 = last(out, "d4");
    assertThat(d4.windowEnd()).isEqualTo(T0.toEpochMilli() + 2 * HOUR);
    assertThat(d4.windowStart()).isEqualTo(T0.toEpochMilli() - 22 * HOUR);
    // received 6; cadence = its largest hourly count 4, over its 2 hours in the window: 8 expected
    assertThat(List.of(d4.received(), d4.expected(), d4.suspect(), d4.fail(), d4.anomalies()))
        .containsExactly(6L, 8L, 1L, 1L, 1L);
    // each hour: d4's mean of non-fail values 20; others 10, 12, 14: median 12, MAD 2,
    // scale max(1.4826 * 2, 0.05 * 12, 0.1) = 2.9652, deviation 8 / 2.9652 = 2.69796
    assertThat(d4.neighbourDeviation()).isCloseTo(2.69796, within(1e-5));
    // agreement 1 - (2.69796 - 2) / 4 = 0.825509; anomaly factor 1 - 2 / 6 = 0.666667
    // score = 100 * 0.75 * (1 - 1/6) * (1 - (1/6) / 2) * 0.825509 * 0.666667
    //       = 100 * 0.75 * 0.833333 * 0.916667 * 0.825509 * 0.666667 = 31.530
    assertThat(d4.score()).isCloseTo(31.530, within(1e-3));

    SensorQuality d1 = last(out, "d1");
    // complete (8 of 8), unflagged; others 12, 14, 20: median 14, MAD 2, deviation 4 / 2.9652 =
    // 1.349 < 2: full agreement
    assertThat(d1.received()).isEqualTo(8);
    assertThat(d1.expected()).isEqualTo(8);
    assertThat(d1.neighbourDeviation()).isCloseTo(1.34898, within(1e-5));
    assertThat(d1.score()).isEqualTo(100.0);
    assertThat(out).extracting(r -> r.value().windowEnd()).contains(T0.toEpochMilli() + HOUR);
  }

  @Test
  void shouldScoreASensorWithoutNeighboursWithoutTheAgreementFactor() {
    add("solo", 1, at(0, 0), 10.0, QcFlag.PASS, false);
    add("solo", 2, at(0, 30), 10.0, QcFlag.FAIL, false);
    add("solo", 3, at(1, 10), 10.0, QcFlag.PASS, false); // closes hour 0

    pipeAll();

    SensorQuality s = last(fx.sensorQuality(), "solo");
    // window ending 1:00: received 2, expected 2, fail 1: 100 * 1 * (1 - 1/2) = 50
    assertThat(s.neighbourDeviation()).isNull();
    assertThat(s.received()).isEqualTo(2);
    assertThat(s.score()).isEqualTo(50.0);
  }
}
