package dev.airtrace.topics;

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
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.MerkleTree;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.AggregateJson;
import dev.airtrace.topics.gateway.AnomalyEvent;
import dev.airtrace.topics.gateway.AnomalyEventJson;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import dev.airtrace.topics.gateway.DeviceAggregate;
import dev.airtrace.topics.gateway.QuantityStats;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The topic table in {@code docs/topics.md} is a contract checked against {@link Topics}: every row
 * matches a catalogue entry (name, owner, key, schema resource), and every schema accepts what the
 * owning module's codec really writes (real encoders, not hand-written samples). What the stream
 * processor's topology writes is checked in that module ({@code TopologyContractTest}).
 */
class TopicContractTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final Path RESOURCES = Path.of("src", "main", "resources");
  private static final Pattern ROW =
      Pattern.compile(
          "^\\| `([^`]+)` \\| ([a-z-]+) \\| ([\\w:/]+) \\| \\[[^]]+\\]\\(([^)]+)\\) \\|.*$");

  record Row(String topic, String owner, String key, Path schema) {}

  private static Map<String, Row> table;
  private static String topicsMd;

  @BeforeAll
  static void readTable() throws IOException {
    topicsMd = Files.readString(DOCS.resolve("topics.md"), StandardCharsets.UTF_8);
    String body =
        topicsMd.substring(
            topicsMd.indexOf("<!-- topic-table:start -->"),
            topicsMd.indexOf("<!-- topic-table:end -->"));
    table = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      Matcher m = ROW.matcher(line.trim());
      if (m.matches()) {
        table.put(
            m.group(1),
            new Row(m.group(1), m.group(2), m.group(3), DOCS.resolve(m.group(4)).normalize()));
      }
    }
  }

  @Test
  void shouldDocumentExactlyTheTopicsTheCatalogueDeclares() {
    List<Topic<?, ?>> contracts =
        Topics.all().stream().filter(t -> t.schemaResource().isPresent()).toList();

    assertThat(table.keySet())
        .containsExactlyElementsOf(contracts.stream().map(Topic::name).toList());
    for (Topic<?, ?> t : contracts) {
      Row row = table.get(t.name());
      assertThat(row.owner()).as(t.name()).isEqualTo(t.owner());
      assertThat(row.key()).as(t.name()).isEqualTo(t.key());
      assertThat(row.schema().toAbsolutePath().normalize())
          .as(t.name())
          .isEqualTo(RESOURCES.resolve(t.schema()).toAbsolutePath().normalize())
          .isRegularFile();
      assertThat(Topic.class.getClassLoader().getResource(t.schema())).as(t.schema()).isNotNull();
    }
  }

  @Test
  void shouldDocumentEveryStateTopicWithItsOwner() {
    for (Topic<?, ?> t : Topics.all()) {
      if (t.schemaResource().isEmpty()) {
        assertThat(topicsMd).contains("| `" + t.name() + "` | " + t.owner() + " | ");
      }
    }
  }

  @Test
  void everyTopicNameShouldBeLegalVersionedAndUnique() {
    assertThat(Topics.all().stream().map(Topic::name).distinct()).hasSize(Topics.all().size());
    for (Topic<?, ?> t : Topics.all()) {
      assertThat(Topic.isLegalName(t.name())).as(t.name()).isTrue();
      assertThat(TopicNameGuard.looksLikeTopicName(t.name())).as(t.name()).isTrue();
    }
  }

  @Test
  void shouldKeyPerDeviceTopicsByDeviceAndPerSiteTopicsBySiteAndHeaderTopicsByGatewaySeq() {
    table
        .values()
        .forEach(
            r ->
                assertThat(r.key())
                    .as(r.topic())
                    .isEqualTo(
                        r.topic().equals(Topics.BATCH_HEADERS.name())
                                || r.topic().equals(Topics.ANCHORING_DEAD_LETTERS.name())
                            ? "gatewayId:seq"
                            : r.topic().equals(Topics.FORECAST_SKILL.name())
                                ? "siteId/hours/model"
                                : r.topic().contains("site-")
                                        || r.topic().contains(".forecast-")
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
    assertValid(Topics.READINGS.name(), ReadingJson.encode(full));
    assertValid(Topics.READINGS.name(), ReadingJson.encode(minimal));
    assertValid(Topics.READINGS.name(), ReadingJson.encode(full, new BatchRef(17, 3)));
    Reading corrected =
        full.withCorrection(
            Quantity.PM2_5,
            11.92,
            new dev.airtrace.core.Correction(
                dev.airtrace.core.Correction.EPA_BARKJOHN_2022,
                dev.airtrace.core.CorrectionStatus.APPLIED,
                Map.of(Quantity.PM2_5_CF1_A, 20.5, Quantity.PM2_5_CF1_B, 19.5)));
    assertValid(
        Topics.READINGS.name(),
        ReadingJson.encode(
            corrected,
            new BatchRef(17, 4),
            List.of(new dev.airtrace.core.AnomalyMark(Quantity.PM2_5, 4.2, 0.99, "anomaly-ae@2"))));
  }

  @Test
  void anomalySchemaShouldAcceptWhatTheGatewayWrites() throws IOException {
    for (Quantity q : Quantity.values()) {
      assertValid(
          Topics.ANOMALIES.name(),
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

    byte[] json = BatchHeaderJson.encode(header);

    assertValid(Topics.BATCH_HEADERS.name(), json);
    var upper = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(json);
    upper.put("root", upper.get("root").textValue().toUpperCase(java.util.Locale.ROOT));
    assertThat(errors(Topics.BATCH_HEADERS.name(), upper)).isNotEmpty();
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
    for (String topic :
        List.of(Topics.GATEWAY_DEAD_LETTERS.name(), Topics.PROCESSOR_DEAD_LETTERS.name())) {
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
    assertValid(Topics.AGGREGATES_1M.name(), AggregateJson.encode(a));
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
    assertThat(errors(Topics.READINGS.name(), noSequence)).isNotEmpty();

    var badReason =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.mapper()
                .readTree(
                    DeadLetterJson.encode(
                        new DeadLetter(
                            RejectReason.DUPLICATE, "x", "mqtt:t", new byte[0], null, "g", 1)));
    badReason.put("reason", "NOT_A_REASON");
    assertThat(errors(Topics.GATEWAY_DEAD_LETTERS.name(), badReason)).isNotEmpty();
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
            DeadLetter.kafkaSource(Topics.SITE_FEATURES.name(), 2, 9),
            new byte[] {'{'},
            null,
            "model-serving",
            5);

    assertValid(Topics.FORECASTS.name(), ForecastJson.encode(forecast));
    assertValid(Topics.SERVING_DEAD_LETTERS.name(), DeadLetterJson.encode(undecodable));
  }

  private static void assertValid(String topic, byte[] value) throws IOException {
    JsonNode node = Json.mapper().readTree(value);
    assertThat(errors(topic, node)).as("%s value %s", topic, node).isEmpty();
  }

  private static Set<ValidationMessage> errors(String topic, JsonNode node) throws IOException {
    assertThat(table.get(topic)).as("topic %s in docs/topics.md", topic).isNotNull();
    Topic<?, ?> contract =
        Topics.all().stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow();
    try (InputStream in = contract.openSchema()) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(in)
          .validate(node);
    }
  }
}
