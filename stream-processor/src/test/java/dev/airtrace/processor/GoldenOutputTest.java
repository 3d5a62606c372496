package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import dev.airtrace.topics.serving.ForecastSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "outputs bit-identical" guard of issue #13: a deterministic fixture (three sites, five
 * devices, every AQI pollutant and the weather channels, QC flags that leave values out, anomaly
 * marks, a late reading that revises a published hour, a reading beyond the late horizon, a
 * duplicate, a counter reset, undecodable readings and forecasts, forecasts to verify) runs through
 * the whole topology (quality scores, feature windows and the forecast verifier on), and every
 * record of every output topic (key bytes, value bytes, headers and timestamp, in the order each
 * topic received them) must equal the golden file {@code golden/processor-outputs.txt}, which was
 * recorded from the topology before its internal formats changed.
 *
 * <p>The golden file is only rewritten on purpose: {@code -Dgolden.update=true} writes it to {@code
 * src/test/resources/golden/} (run from the module directory) and the test then fails, so that an
 * update is always a visible diff in review.
 */
class GoldenOutputTest {
  private static final String GOLDEN = "golden/processor-outputs.txt";
  private static final Instant T0 = Instant.parse("2025-01-15T00:00:00Z");
  private static final Duration REVISION_INTERVAL = ProcessorConfig.DEFAULT_REVISION_INTERVAL;
  private static final List<String> OUTPUTS =
      List.of(
          Topics.SITE_HOURLY.name(),
          Topics.SITE_AQI.name(),
          Topics.SITE_FEATURES.name(),
          Topics.SENSOR_QUALITY.name(),
          Topics.PROCESSOR_DEAD_LETTERS.name(),
          Topics.FORECAST_VERIFICATIONS.name(),
          Topics.FORECAST_SKILL.name());

  @TempDir Path stateDir;

  @Test
  void shouldReproduceTheRecordedOutputTopicsByteForByte() throws IOException {
    String actual = run();
    if (Boolean.getBoolean("golden.update")) {
      Path file = Paths.get("src/test/resources").resolve(GOLDEN);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      throw new AssertionError("golden file rewritten: " + file.toAbsolutePath());
    }
    String expected;
    try (InputStream in = GoldenOutputTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
      assertThat(in).as("golden file " + GOLDEN).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Line by line first, so that a failure names the first record that differs.
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
      assertThat(a.get(i)).as("golden line %d", i + 1).isEqualTo(e.get(i));
    }
    assertThat(a).hasSameSizeAs(e);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void shouldCoverEveryOutputTopicAndEveryKindOfInputInTheFixture() throws IOException {
    String out = run();
    for (String topic : OUTPUTS) {
      assertThat(out).as(topic).contains("\n" + topic + "\t");
    }
    assertThat(out)
        .contains("UNDECODABLE_RECORD")
        .contains("LATE_BEYOND_GRACE")
        .contains("\"revision\":1")
        .contains("\"excluded\"");
  }

  /** Runs the fixture and renders every output record, topic by topic. */
  private String run() {
    ProcessorConfig config =
        ProcessorConfig.builder("unused:9092", stateDir)
            .applicationId(TopologyFixture.APP_ID)
            .qualityScores(true)
            .features(true)
            .verification(VerificationConfig.builder().enabled(true).build())
            .build();
    StringBuilder out = new StringBuilder("# topic\ttimestamp\tkey\theaders\tvalue\n");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            SiteAqiTopology.build(config),
            config.toStreamsProperties(),
            TopologyFixture.WALL_CLOCK)) {
      Map<String, TestOutputTopic<byte[], byte[]>> outputs = new java.util.LinkedHashMap<>();
      for (String topic : OUTPUTS) {
        outputs.put(
            topic,
            driver.createOutputTopic(
                topic, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()));
      }
      Map<String, List<TestRecord<byte[], byte[]>>> byTopic = new java.util.LinkedHashMap<>();
      OUTPUTS.forEach(t -> byTopic.put(t, new ArrayList<>()));
      new Fixture(driver).feed(() -> outputs.forEach((t, o) -> byTopic.get(t).addAll(drain(o))));
      outputs.forEach((t, o) -> byTopic.get(t).addAll(drain(o)));
      byTopic.forEach(
          (topic, list) -> {
            for (TestRecord<byte[], byte[]> r : list) {
              out.append(topic)
                  .append('\t')
                  .append(r.timestamp())
                  .append('\t')
                  .append(render(r.key()))
                  .append('\t')
                  .append(headers(r))
                  .append('\t')
                  .append(render(r.value()))
                  .append('\n');
            }
          });
    }
    return out.toString();
  }

  private static List<TestRecord<byte[], byte[]>> drain(TestOutputTopic<byte[], byte[]> o) {
    return o.readRecordsToList();
  }

  private static String headers(TestRecord<byte[], byte[]> r) {
    StringBuilder b = new StringBuilder("[");
    for (Header h : r.headers()) {
      b.append(b.length() > 1 ? "," : "").append(h.key()).append('=').append(render(h.value()));
    }
    return b.append(']').toString();
  }

  /**
   * {@code null}, {@code t:<text>} for UTF-8 without tabs or line breaks (every JSON value here),
   * otherwise {@code b:<base64>}: exact bytes either way, readable where possible.
   */
  private static String render(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
        return "t:" + s;
      }
    } catch (CharacterCodingException e) {
      // not text: base64 below
    }
    return "b:" + Base64.getEncoder().encodeToString(bytes);
  }

  /** The input sequence: deterministic, piped in event-time order except where noted. */
  private static final class Fixture {
    private static final String MODEL = "pm25-forecast@2";
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> readings;
    private final TestInputTopic<String, byte[]> forecasts;
    private final Map<String, Long> sequences = new java.util.HashMap<>();

    Fixture(TopologyTestDriver driver) {
      this.driver = driver;
      this.readings =
          driver.createInputTopic(
              Topics.READINGS.name(),
              Serdes.String().serializer(),
              Serdes.ByteArray().serializer());
      this.forecasts =
          driver.createInputTopic(
              Topics.FORECASTS.name(),
              Serdes.String().serializer(),
              Serdes.ByteArray().serializer());
    }

    private static final String[][] DEVICES = {
      {"site-a", "a1"}, {"site-a", "a2"}, {"site-b", "b1"}, {"site-b", "b2"}, {"site-c", "c1"}
    };

    void feed(Runnable drainOutputs) {
      byte[] duplicate = null;
      for (int hour = 0; hour < 16; hour++) {
        for (int minute = 5; minute < 60; minute += 15) {
          for (int d = 0; d < DEVICES.length; d++) {
            String site = DEVICES[d][0];
            String device = DEVICES[d][1];
            if (device.equals("b2") && hour == 6) {
              continue; // an outage: b2 misses hour 6 (quality completeness)
            }
            long t =
                T0.plus(Duration.ofHours(hour)).plusSeconds(minute * 60L + d * 7L).toEpochMilli();
            if (device.equals("c1") && hour == 9 && minute == 5) {
              sequences.put(device, 0L); // counter reset: c1 restarts its sequence at 1
            }
            long seq = sequences.merge(device, 1L, Long::sum);
            byte[] bytes = reading(site, device, seq, t, hour, minute, d);
            readings.pipeInput(device, bytes, Instant.ofEpochMilli(t));
            if (device.equals("a1") && hour == 3 && minute == 20) {
              duplicate = bytes;
            }
          }
        }
        if (hour == 4) {
          // a re-delivery of a reading already processed: counted, not forwarded
          readings.pipeInput("a1", duplicate, T0.plus(Duration.ofHours(4)));
          // bad records: not JSON, a null value, a wrong unit, an unknown quantity
          readings.pipeInput(
              "a1", "{not json".getBytes(StandardCharsets.UTF_8), T0.plus(Duration.ofHours(4)));
          readings.pipeInput("b1", (byte[]) null, T0.plus(Duration.ofHours(4)));
          readings.pipeInput(
              "not a device id!",
              ("{\"deviceId\":\"b1\",\"siteId\":\"site-b\",\"sequence\":1,\"eventTime\":"
                      + T0.toEpochMilli()
                      + ",\"gatewayId\":\"gw-1\",\"receivedAt\":1,"
                      + "\"values\":{\"pm2_5\":{\"value\":1.0,\"unit\":\"mg/m3\"}}}")
                  .getBytes(StandardCharsets.UTF_8),
              T0.plus(Duration.ofHours(4)));
          forecasts.pipeInput(
              "site-a",
              "{not a forecast".getBytes(StandardCharsets.UTF_8),
              T0.plus(Duration.ofHours(4)));
        }
        if (hour == 7) {
          // late readings for hour 2 of site-b (already published): a revision after the interval
          long late = T0.plus(Duration.ofHours(2)).plusSeconds(33 * 60).toEpochMilli();
          readings.pipeInput(
              "b1",
              reading("site-b", "b1", sequences.merge("b1", 1L, Long::sum), late, 2, 33, 2),
              Instant.ofEpochMilli(late));
          drainOutputs.run();
          driver.advanceWallClockTime(REVISION_INTERVAL);
        }
        if (hour == 8) {
          // a reading 8 days behind site-a's clock: beyond the 7-day late horizon
          long ancient = T0.minus(Duration.ofDays(8)).toEpochMilli();
          readings.pipeInput(
              "a2",
              reading("site-a", "a2", 999_999, ancient, 0, 0, 1),
              Instant.ofEpochMilli(ancient));
        }
        if (hour >= 2 && hour <= 12 && hour % 2 == 0) {
          forecast(hour, 10f + hour, 11.5f + hour, 9.0 + hour);
        }
        if (hour == 11) {
          // the late hour-9 reading of c1's old epoch, never seen before: forwarded
          long t = T0.plus(Duration.ofHours(9)).plusSeconds(2 * 60).toEpochMilli();
          readings.pipeInput(
              "c1", reading("site-c", "c1", 500, t, 9, 2, 4), Instant.ofEpochMilli(t));
          driver.advanceWallClockTime(REVISION_INTERVAL);
        }
        drainOutputs.run();
      }
      driver.advanceWallClockTime(REVISION_INTERVAL);
    }

    private void forecast(int hour, float h1, float h2, double persistence) {
      long issue = T0.plus(Duration.ofHours(hour + 1)).toEpochMilli();
      Forecast f =
          new Forecast(
              "site-a",
              issue,
              new int[] {1, 2},
              new float[] {h1, h2},
              MODEL,
              "ort-cpu",
              new Forecast.Provenance(
                  persistence,
                  List.of(
                      new Forecast.HorizonProvenance(ForecastSource.MODEL, h1, Double.NaN, null),
                      new Forecast.HorizonProvenance(ForecastSource.MODEL, h2, Double.NaN, null))));
      forecasts.pipeInput("site-a", ForecastJson.encode(f), Instant.ofEpochMilli(issue));
    }

    /** A reading of every AQI pollutant and weather channel, values from a fixed formula. */
    private static byte[] reading(
        String site, String device, long seq, long t, int hour, int minute, int d) {
      Map<Quantity, Double> v = new EnumMap<>(Quantity.class);
      double wave = ((hour * 7 + minute + d * 3) % 23) / 10.0; // 0.0 .. 2.2
      v.put(Quantity.PM2_5, round(8.3 + 3 * wave + d));
      v.put(Quantity.PM10, round(15.1 + 4 * wave + d));
      v.put(Quantity.NO2, round(20.2 + wave));
      v.put(Quantity.TEMPERATURE, round(-2.5 + hour * 0.7 + wave));
      v.put(Quantity.RELATIVE_HUMIDITY, round(60 + 10 * wave));
      v.put(Quantity.PRESSURE, round(1012.3 - wave));
      Quantity.fromCode("o3").ifPresent(q -> v.put(q, round(0.031 + wave / 100)));
      Quantity.fromCode("co").ifPresent(q -> v.put(q, round(0.4 + wave / 10)));
      Quantity.fromCode("so2").ifPresent(q -> v.put(q, round(3.1 + wave)));
      Quantity.fromCode("wind_speed").ifPresent(q -> v.put(q, round(2 + wave)));
      // 350 and 10 degrees around north: the circular mean, not 180
      Quantity.fromCode("wind_direction").ifPresent(q -> v.put(q, d % 2 == 0 ? 350.0 : 10.0));
      Location location = d == 4 ? new Location(52.1, 4.3, 2.0) : null;
      Reading r =
          new Reading(
              new DeviceId(device),
              new SiteId(site),
              t,
              seq,
              v,
              location,
              new GatewayId("gw-" + site),
              t + 250);
      List<AnomalyMark> anomalies = new ArrayList<>();
      List<QcMark> qc = new ArrayList<>();
      if (device.equals("a2") && hour % 3 == 1) {
        // a2's PM2.5 fails QC every third hour: left out of the means, counted as excluded
        qc.add(
            new QcMark(
                Quantity.PM2_5,
                QcFlag.FAIL,
                Map.of(QcTest.FLAT_LINE, QcFlag.FAIL),
                QcFlag.SUSPECT));
      } else if (device.equals("b1") && minute == 35) {
        qc.add(
            new QcMark(
                Quantity.PM10,
                QcFlag.SUSPECT,
                Map.of(QcTest.SPIKE, QcFlag.SUSPECT),
                QcFlag.NOT_EVALUATED));
        anomalies.add(new AnomalyMark(Quantity.PM10, 4.25, 0.9991, "anomaly-ae@1"));
      }
      if (!qc.isEmpty() || d == 0) {
        qc.add(QcMark.of(Quantity.TEMPERATURE, QcFlag.PASS));
      }
      return ReadingJson.encode(r, null, anomalies, qc);
    }

    private static double round(double v) {
      return Math.round(v * 1000) / 1000.0;
    }
  }
}
