package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.DeadLetterJson;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.codec.ReadingJson;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.AnchorProofJson;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.MerkleTree;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.aggregate.AggregateJson;
import dev.airtrace.gateway.aggregate.DeviceAggregate;
import dev.airtrace.gateway.aggregate.QuantityStats;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.models.AnomalyEvent;
import dev.airtrace.gateway.models.AnomalyEventJson;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.SiteAqiTopology;
import dev.airtrace.processor.Topics;
import dev.airtrace.serving.kafka.Forecast;
import dev.airtrace.serving.kafka.ForecastJson;
import dev.airtrace.serving.kafka.KafkaPathConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topic table in {@code docs/topics.md} is a contract: every row matches a topic constant in
 * code, and every schema accepts what the owning module really writes (real encoders and the real
 * topology, not hand-written samples).
 */
class TopicContractTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final Pattern ROW =
      Pattern.compile(
          "^\\| `([^`]+)` \\| ([a-z-]+) \\| ([\\w:]+) \\| \\[[^]]+\\]\\((schemas/[^)]+)\\) \\|.*$");

  record Row(String topic, String owner, String key, Path schema) {}

  private static Map<String, Row> table;

  @BeforeAll
  static void readTable() throws IOException {
    String md = Files.readString(DOCS.resolve("topics.md"), StandardCharsets.UTF_8);
    String body =
        md.substring(
            md.indexOf("<!-- topic-table:start -->"), md.indexOf("<!-- topic-table:end -->"));
    table = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      Matcher m = ROW.matcher(line.trim());
      if (m.matches()) {
        table.put(
            m.group(1), new Row(m.group(1), m.group(2), m.group(3), DOCS.resolve(m.group(4))));
      }
    }
  }

  @Test
  void shouldDocumentExactlyTheTopicsTheCodeDeclares() {
    Map<String, String> owners = new LinkedHashMap<>();
    GatewayTopics g = GatewayTopics.defaults();
    owners.put(g.readings(), "edge-gateway");
    owners.put(g.aggregates(), "edge-gateway");
    owners.put(g.deadLetters(), "edge-gateway");
    owners.put(IntegrityConfig.BATCH_HEADERS_V1, "edge-gateway");
    owners.put(ModelsConfig.ANOMALIES_V1, "edge-gateway");
    owners.put(Topics.SITE_HOURLY.name(), "stream-processor");
    owners.put(Topics.SITE_AQI.name(), "stream-processor");
    owners.put(Topics.SITE_FEATURES.name(), "stream-processor");
    owners.put(Topics.DEAD_LETTERS.name(), "stream-processor");
    owners.put(KafkaPathConfig.FORECASTS_V1, "model-serving");
    owners.put(KafkaPathConfig.DEADLETTER_V1, "model-serving");

    assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(owners.keySet());
    owners.forEach((topic, owner) -> assertThat(table.get(topic).owner()).isEqualTo(owner));
    assertThat(Topics.READINGS.name()).isEqualTo(g.readings());
    table.values().forEach(r -> assertThat(r.schema()).as(r.topic()).isRegularFile());
  }

  @Test
  void shouldKeyPerDeviceTopicsByDeviceAndPerSiteTopicsBySite() {
    table
        .values()
        .forEach(
            r ->
                assertThat(r.key())
                    .as(r.topic())
                    .isEqualTo(
                        r.topic().equals(IntegrityConfig.BATCH_HEADERS_V1)
                            ? "gatewayId:seq"
                            : r.topic().contains("site-")
                                    || r.topic().startsWith("airtrace.serving.")
                                ? "siteId"
                                : "deviceId"));
  }

  @Test
  void readingsSchemaShouldAcceptWhatTheGatewayWrites() throws IOException {
    Reading full =
        new Reading(
            new DeviceId("dev-001"),
            new SiteId("site-a"),
            1_764_057_600_000L,
            42,
            Map.of(Quantity.PM2_5, 12.3, Quantity.TEMPERATURE, -4.5),
            new dev.airtrace.core.Location(52.1, 4.3, 2.0),
            new GatewayId("gw-1"),
            1_764_057_600_123L);
    Reading minimal =
        new Reading(
            new DeviceId("d"),
            new SiteId("s"),
            0,
            0,
            Map.of(Quantity.CO, 0.4),
            null,
            new GatewayId("g"),
            1);
    assertValid(GatewayTopics.READINGS_V1, ReadingJson.encode(full));
    assertValid(GatewayTopics.READINGS_V1, ReadingJson.encode(minimal));
    assertValid(GatewayTopics.READINGS_V1, ReadingJson.encode(full, new BatchRef(17, 3)));
    Reading corrected =
        full.withCorrection(
            Quantity.PM2_5,
            11.92,
            new dev.airtrace.core.Correction(
                dev.airtrace.core.Correction.EPA_BARKJOHN_2022,
                dev.airtrace.core.CorrectionStatus.APPLIED,
                Map.of(Quantity.PM2_5_CF1_A, 20.5, Quantity.PM2_5_CF1_B, 19.5)));
    assertValid(
        GatewayTopics.READINGS_V1,
        ReadingJson.encode(
            corrected,
            new BatchRef(17, 4),
            List.of(new dev.airtrace.core.AnomalyMark(Quantity.PM2_5, 4.2, 0.99, "anomaly-ae@2"))));
  }

  @Test
  void anomalySchemaShouldAcceptWhatTheGatewayWrites() throws IOException {
    for (Quantity q : Quantity.values()) {
      assertValid(
          ModelsConfig.ANOMALIES_V1,
          AnomalyEventJson.encode(
              new AnomalyEvent(
                  new DeviceId("dev-001"),
                  new SiteId("site-a"),
                  420,
                  q,
                  1_764_057_600_000L,
                  187.0,
                  6.1,
                  0.97,
                  "anomaly-ae@1",
                  "tensorrt:0",
                  new GatewayId("gw-1"))));
    }
  }

  @Test
  void batchHeaderSchemaShouldAcceptWhatTheGatewayWritesAndRejectABrokenRoot() throws IOException {
    byte[] root = MerkleTree.fromLeaves(List.of(new byte[] {1}, new byte[] {2})).root();
    BatchHeader header =
        BatchHeader.unsigned(
                new GatewayId("gw-1"), 17, root, 2, 1_764_057_600_000L, 1_764_057_609_000L)
            .sign(Ed25519.generate().getPrivate());

    byte[] json = AnchorProofJson.writeBatchHeader(header);

    assertValid(IntegrityConfig.BATCH_HEADERS_V1, json);
    var upper = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(json);
    upper.put("root", upper.get("root").textValue().toUpperCase(java.util.Locale.ROOT));
    assertThat(errors(IntegrityConfig.BATCH_HEADERS_V1, upper)).isNotEmpty();
  }

  @Test
  void deadLetterSchemaShouldAcceptBinaryAndTextPayloads() throws IOException {
    DeadLetter text =
        new DeadLetter(
            RejectReason.OUT_OF_RANGE,
            "pm2_5 = -3.0 ug/m3 is below 0",
            DeadLetter.mqttSource("airtrace/v1/s/d/json"),
            "{\"seq\":1}".getBytes(StandardCharsets.UTF_8),
            "d",
            "gw-1",
            5);
    DeadLetter binary =
        new DeadLetter(
            RejectReason.MALFORMED_PAYLOAD,
            "not JSON",
            DeadLetter.kafkaSource("t", 0, 7),
            new byte[] {(byte) 0xff, 0, 1},
            null,
            "gw-1",
            5);
    for (String topic : List.of(GatewayTopics.DEADLETTER_V1, Topics.DEAD_LETTERS.name())) {
      assertValid(topic, DeadLetterJson.encode(text));
      assertValid(topic, DeadLetterJson.encode(binary));
    }
  }

  @Test
  void aggregateSchemaShouldAcceptWhatTheGatewayWrites() throws IOException {
    Map<Quantity, QuantityStats> q = new EnumMap<>(Quantity.class);
    q.put(Quantity.PM2_5, new QuantityStats(6, 1.0, 3.0, 2.0, 2.5));
    q.put(Quantity.PRESSURE, new QuantityStats(1, 1013.2, 1013.2, 1013.2, 1013.2));
    DeviceAggregate a =
        new DeviceAggregate(
            new DeviceId("d1"),
            new SiteId("s1"),
            new GatewayId("gw1"),
            1_764_057_600_000L,
            1_764_057_660_000L,
            q);
    assertValid(GatewayTopics.AGGREGATES_1M_V1, AggregateJson.encode(a));
  }

  @Test
  void siteSchemasShouldAcceptWhatTheTopologyWrites(@TempDir Path state) throws IOException {
    ProcessorConfig config = ProcessorConfig.defaults("unused:9092", state);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            SiteAqiTopology.build(config), config.toStreamsProperties(), Instant.EPOCH)) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(
              Topics.READINGS.name(), new StringSerializer(), new ByteArraySerializer());
      long hour0 = 1_764_000_000_000L - 1_764_000_000_000L % 3_600_000L;
      long seq = 0;
      // Three hours of PM, gases and weather for one site, then one reading far enough later
      // to close every window.
      for (long t = hour0; t < hour0 + Duration.ofHours(3).toMillis(); t += 600_000) {
        Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
        for (Quantity quantity : Quantity.values()) {
          values.put(quantity, (quantity.plausibleMin() + quantity.plausibleMax()) / 50);
        }
        Reading r =
            new Reading(
                new DeviceId("d1"),
                new SiteId("s1"),
                t,
                seq++,
                values,
                null,
                new GatewayId("g"),
                t);
        in.pipeInput("d1", ReadingJson.encode(r), t);
      }
      Reading closer =
          new Reading(
              new DeviceId("d1"),
              new SiteId("s1"),
              hour0 + Duration.ofHours(5).toMillis(),
              seq,
              Map.of(Quantity.PM2_5, 1.0),
              null,
              new GatewayId("g"),
              0);
      in.pipeInput("d1", ReadingJson.encode(closer), closer.eventTime());

      List<byte[]> hourly = drain(driver, Topics.SITE_HOURLY.name());
      List<byte[]> aqi = drain(driver, Topics.SITE_AQI.name());
      List<byte[]> features = drain(driver, Topics.SITE_FEATURES.name());
      assertThat(hourly).hasSize(3);
      assertThat(features).hasSize(3);
      assertThat(aqi).isNotEmpty();
      for (byte[] v : hourly) {
        assertValid(Topics.SITE_HOURLY.name(), v);
      }
      for (byte[] v : aqi) {
        assertValid(Topics.SITE_AQI.name(), v);
      }
      for (byte[] v : features) {
        assertValid(Topics.SITE_FEATURES.name(), v);
      }
    }
  }

  @Test
  void schemasShouldRejectRecordsThatBreakTheContract() throws IOException {
    Reading r =
        new Reading(
            new DeviceId("d"),
            new SiteId("s"),
            1,
            1,
            Map.of(Quantity.PM2_5, 1.0),
            null,
            new GatewayId("g"),
            1);
    var noSequence =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.mapper().readTree(ReadingJson.encode(r));
    noSequence.remove("sequence");
    assertThat(errors(GatewayTopics.READINGS_V1, noSequence)).isNotEmpty();

    var badReason =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.mapper()
                .readTree(
                    DeadLetterJson.encode(
                        new DeadLetter(
                            RejectReason.DUPLICATE, "x", "mqtt:t", new byte[0], null, "g", 1)));
    badReason.put("reason", "NOT_A_REASON");
    assertThat(errors(GatewayTopics.DEADLETTER_V1, badReason)).isNotEmpty();
  }

  @Test
  void servingSchemasShouldAcceptWhatModelServingWrites() throws IOException {
    Forecast forecast =
        new Forecast(
            "site-a",
            1_764_057_600_000L,
            new int[] {1, 2, 3, 4, 5, 6},
            new float[] {12.5f, 13f, 13.25f, 14f, 14.5f, 15f},
            "pm25-forecast@1",
            "ort-cpu");
    DeadLetter undecodable =
        new DeadLetter(
            RejectReason.UNDECODABLE_RECORD,
            "not JSON",
            DeadLetter.kafkaSource(KafkaPathConfig.FEATURES_V1, 2, 9),
            new byte[] {'{'},
            null,
            "model-serving",
            5);

    assertValid(KafkaPathConfig.FORECASTS_V1, ForecastJson.encode(forecast));
    assertValid(KafkaPathConfig.DEADLETTER_V1, DeadLetterJson.encode(undecodable));
  }

  private static List<byte[]> drain(TopologyTestDriver driver, String topic) {
    TestOutputTopic<String, byte[]> out =
        driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    return new ArrayList<>(out.readValuesToList());
  }

  private static void assertValid(String topic, byte[] value) throws IOException {
    JsonNode node = Json.mapper().readTree(value);
    assertThat(errors(topic, node)).as("%s value %s", topic, node).isEmpty();
  }

  private static Set<ValidationMessage> errors(String topic, JsonNode node) throws IOException {
    Row row = table.get(topic);
    assertThat(row).as("topic %s in docs/topics.md", topic).isNotNull();
    try (InputStream in = Files.newInputStream(row.schema())) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(in)
          .validate(node);
    }
  }
}
