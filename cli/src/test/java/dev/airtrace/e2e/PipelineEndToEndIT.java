package dev.airtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.aqi.AqiResult;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayStatus;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.MessageKind;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation slice end to end on real services: the simulator publishes 3 sites x 5 devices x
 * 26 hours over a real mosquitto, including malformed payloads, duplicates and late readings; the
 * gateway, the Kafka Streams processor (exactly-once) and the InfluxDB sink connector run against a
 * real Kafka broker and a real influxd. Expectations come from the simulator's plan and the test's
 * own oracle ({@link ExpectedAqi}), never from the pipeline.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PipelineEndToEndIT {
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Duration GRACE = Duration.ofMinutes(20);
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final String DATABASE = "airtrace_e2e";

  @TempDir static Path work;

  private static SimulationPlan plan;
  private static GatewayStatus gatewayStatus;
  private static Map<String, List<ConsumerRecord<String, byte[]>>> topics;
  private static InfluxService influx;

  @BeforeAll
  static void runPipeline() throws Exception {
    KafkaService kafka = Services.kafka();
    MosquittoService mosquitto = Services.mosquitto();
    influx = Services.influx();
    String run = UUID.randomUUID().toString().substring(0, 8);
    GatewayTopics gt = GatewayTopics.defaults();
    // One partition keeps event-time order through the processor's repartition, so the set of
    // readings later than the grace is decided by the data alone (docs/stream-processor.md).
    kafka.createTopics(
        1,
        gt.readings(),
        gt.aggregates(),
        gt.deadLetters(),
        Topics.SITE_HOURLY.name(),
        Topics.SITE_AQI.name(),
        Topics.SITE_FEATURES.name(),
        Topics.PROCESSOR_DEAD_LETTERS.name());

    SimulatorConfig sim =
        SimulatorConfig.builder(SimulatorConfig.startHoursBefore(Instant.now(), 27))
            .namespace("e2e" + run)
            .fleet(3, 5, 26)
            .interval(INTERVAL)
            .faults(FaultMix.defaults())
            .processorGrace(GRACE)
            .build();

    ProcessorConfig pc =
        ProcessorConfig.builder(kafka.bootstrapServers(), work.resolve("processor"))
            .applicationId("e2e-processor-" + run)
            .windowGrace(GRACE)
            // late readings arrive as revisions: publish them well inside the quiet period below
            .revisionInterval(Duration.ofMillis(500))
            .build();
    GatewayId gatewayId = new GatewayId("e2e-gw");
    GatewayConfig gc =
        GatewayConfig.builder(gatewayId, mosquitto.serverUri(), kafka.bootstrapServers())
            .mqtt(
                GatewayConfig.defaultMqtt(gatewayId, MqttEndpoint.of(mosquitto.serverUri()))
                    .toBuilder()
                    .clientId("e2e-gateway-" + run)
                    .build())
            // the outbox (on by default) in this run's directory, never a previous run's
            .outbox(OutboxConfig.builder().directory(work.resolve("outbox-" + run)).build())
            .build();
    try (StreamProcessorApp processor = new StreamProcessorApp(pc);
        StandaloneSinkWorker sink =
            StandaloneSinkWorker.start(
                StandaloneSinkWorker.Options.builder(
                        kafka.bootstrapServers(), work.resolve("sink"), influx.url(), DATABASE)
                    .offsetCommitInterval(Duration.ofSeconds(1))
                    .build());
        EdgeGateway gateway = EdgeGateway.create(gc, new SimpleMeterRegistry());
        MqttPublisher publisher =
            MqttClients.publisher(
                MqttPublisherConfig.defaults(
                    MqttEndpoint.of(mosquitto.serverUri()), "e2e-sim-" + run))) {
      processor.start();
      gateway.start();
      publisher.start();
      assertThat(processor.awaitRunning(PATIENCE)).isTrue();
      assertThat(publisher.awaitConnected(PATIENCE)).isTrue();
      // publish only once the gateway has subscribed (clean session: nothing is kept before)
      await().atMost(PATIENCE).until(() -> gateway.snapshot().mqttConnected());

      plan = new Simulator(sim).run(publisher, PATIENCE);

      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                GatewayStatus s = gateway.snapshot();
                return s.accepted() + s.rejectedTotal() >= plan.published() && s.inFlight() == 0;
              });
      gatewayStatus = gateway.snapshot();

      Set<String> expectedAqiHours = expectedSiteAqi().keySet();
      Map<String, List<ConsumerRecord<String, byte[]>>> seen = new HashMap<>();
      try (KafkaConsumer<String, byte[]> consumer = kafka.committedReader("e2e-check")) {
        consumer.subscribe(
            List.of(
                gt.readings(),
                gt.deadLetters(),
                Topics.SITE_HOURLY.name(),
                Topics.SITE_AQI.name(),
                Topics.PROCESSOR_DEAD_LETTERS.name()));
        await()
            .atMost(PATIENCE)
            .until(
                () -> {
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r);
                  }
                  // by (site, hour) of this run: the topic also holds other test classes' records
                  // and revisions, so a record count could be reached before the last hour
                  return siteHours(seen.getOrDefault(Topics.SITE_AQI.name(), List.of()))
                      .containsAll(expectedAqiHours);
                });
        // keep reading while revisions of the late readings follow (every 500 ms)
        await()
            .during(Duration.ofSeconds(5))
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> {
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r);
                  }
                  return true;
                });
      }
      topics = seen;

      await().atMost(PATIENCE).until(() -> influxSiteAqi().keySet().containsAll(expectedAqiHours));
    }
  }

  @AfterAll
  static void dropDatabase() {
    if (influx != null) {
      influx.query(null, "DROP DATABASE " + DATABASE);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> records(String topic) {
    return topics.getOrDefault(topic, List.of());
  }

  // ---------------------------------------------------------------- what the plan says

  private static String namespace() {
    return plan.config().namespace();
  }

  private static boolean ours(String deviceOrSite) {
    return deviceOrSite != null && deviceOrSite.startsWith(namespace());
  }

  /**
   * The accepted readings that arrive after their hour was first published, decided here by the
   * rule itself: in publish order, a reading is late when its hour ended at least the grace before
   * the latest event time seen so far. The processor no longer drops them (they are far inside its
   * 7-day horizon): they revise the hour.
   */
  private static Set<PlannedMessage> beyondGrace() {
    Set<PlannedMessage> late = new HashSet<>();
    long streamTime = Long.MIN_VALUE;
    for (PlannedMessage m : plan.expectedAccepted()) {
      long hourEnd =
          Math.floorDiv(m.eventTime(), ExpectedAqi.HOUR_MS) * ExpectedAqi.HOUR_MS
              + ExpectedAqi.HOUR_MS;
      streamTime = Math.max(streamTime, m.eventTime());
      if (hourEnd + GRACE.toMillis() <= streamTime) {
        late.add(m);
      }
    }
    return late;
  }

  /** Every accepted reading counts: the late ones arrive as revisions of their hours. */
  private static ExpectedAqi oracle() {
    return new ExpectedAqi(plan.expectedAccepted());
  }

  /** The value of the highest revision per identity (records of one key arrive in order). */
  /** The {@code site|hourStart} keys of this run's site-AQI records among {@code records}. */
  private static Set<String> siteHours(List<ConsumerRecord<String, byte[]>> records)
      throws IOException {
    Set<String> keys = new HashSet<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      JsonNode n = Json.mapper().readTree(r.value());
      if (ours(n.get("siteId").asText())) {
        keys.add(n.get("siteId").asText() + "|" + n.get("hourStart").asLong());
      }
    }
    return keys;
  }

  private static Map<String, JsonNode> latestRevisions(String topic, String hourField)
      throws IOException {
    Map<String, JsonNode> latest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records(topic)) {
      JsonNode n = Json.mapper().readTree(r.value());
      if (ours(n.get("siteId").asText())) {
        assertThat(r.key()).isEqualTo(n.get("siteId").asText());
        String key = n.get("siteId").asText() + "|" + n.get(hourField).asLong();
        JsonNode before = latest.get(key);
        if (before != null) {
          assertThat(n.get("revision").asInt())
              .as("revisions of %s in order", key)
              .isEqualTo(before.get("revision").asInt() + 1);
        }
        latest.put(key, n);
      }
    }
    return latest;
  }

  /** Hours the processor has closed: ended at least the grace before the last event time. */
  private static boolean closed(long hourStart) {
    long last =
        plan.expectedAccepted().stream().mapToLong(PlannedMessage::eventTime).max().orElseThrow();
    return hourStart + ExpectedAqi.HOUR_MS + GRACE.toMillis() <= last;
  }

  /** "site|hourStart" -> expected AQI result, for every closed hour with a defined index. */
  private static Map<String, AqiResult> expectedSiteAqi() {
    ExpectedAqi o = oracle();
    Map<String, AqiResult> out = new HashMap<>();
    o.hourly.forEach(
        (site, hours) ->
            hours.keySet().stream()
                .filter(PipelineEndToEndIT::closed)
                .forEach(h -> o.aqi(site, h).ifPresent(r -> out.put(site.value() + "|" + h, r))));
    return out;
  }

  // ---------------------------------------------------------------- assertions

  @Test
  void shouldAccountForEveryPublishedMessage() {
    assertThat(plan.published()).isGreaterThanOrEqualTo(3 * 5 * 26 * 12);
    assertThat(gatewayStatus.received()).isEqualTo(plan.published());
    assertThat(gatewayStatus.accepted() + gatewayStatus.rejectedTotal())
        .isEqualTo(plan.published());
    assertThat(gatewayStatus.accepted()).isEqualTo(plan.expectedAccepted().size());
  }

  @Test
  void shouldPublishEveryAcceptedReadingOnceWithItsExactValues() {
    Map<String, Reading> byId = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records(GatewayTopics.READINGS_V1)) {
      Reading reading = ReadingJson.decode(r.value());
      if (ours(reading.deviceId().value())) {
        assertThat(r.key()).isEqualTo(reading.deviceId().value());
        assertThat(byId.put(reading.deviceId() + "#" + reading.sequence(), reading))
            .as("duplicate reading on the topic")
            .isNull();
      }
    }
    assertThat(byId).hasSize(plan.expectedAccepted().size());
    for (PlannedMessage m : plan.expectedAccepted()) {
      Reading r = byId.get(m.deviceId() + "#" + m.sequence());
      assertThat(r).as("reading %s#%d", m.deviceId(), m.sequence()).isNotNull();
      assertThat(r.siteId()).isEqualTo(m.siteId());
      assertThat(r.eventTime()).isEqualTo(m.eventTime());
      m.values()
          .forEach(
              (q, v) ->
                  assertThat(r.values().get(q))
                      .isCloseTo(
                          v, org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(v)))));
      assertThat(r.values().keySet()).isEqualTo(m.values().keySet());
    }
  }

  @Test
  void shouldDeadLetterEveryRejectWithReasonAndOriginalBytes() {
    List<DeadLetter> ours = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records(GatewayTopics.DEADLETTER_V1)) {
      DeadLetter d = DeadLetterJson.decode(r.value());
      if (d.source().contains("/" + namespace())) {
        ours.add(d);
      }
    }
    Map<RejectReason, Long> byReason =
        ours.stream()
            .collect(
                Collectors.groupingBy(
                    DeadLetter::reason,
                    () -> new EnumMap<>(RejectReason.class),
                    Collectors.counting()));
    assertThat(byReason).isEqualTo(plan.expectedDeadLetters());
    assertThat(byReason.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(gatewayStatus.rejectedTotal());
    for (PlannedMessage m : plan.expectedRejected()) {
      assertThat(ours)
          .as("dead letter for message %d (%s)", m.index(), m.kind())
          .anySatisfy(
              d -> {
                assertThat(d.reason()).isEqualTo(m.expectedRejection());
                assertThat(d.source()).isEqualTo(DeadLetter.mqttSource(m.topic()));
                assertThat(Arrays.equals(d.payload(), m.payload())).isTrue();
                assertThat(d.gatewayId()).isEqualTo("e2e-gw");
              });
    }
  }

  @Test
  void shouldReviseHoursWithTheReadingsLaterThanTheGraceInsteadOfDeadLetteringThem()
      throws IOException {
    Set<String> late =
        beyondGrace().stream()
            .map(m -> m.deviceId() + "#" + m.sequence())
            .collect(Collectors.toSet());
    assertThat(late).as("the simulator plans late readings").isNotEmpty();
    assertThat(plan.ofKind(MessageKind.LATE_BEYOND_GRACE))
        .extracting(m -> m.deviceId() + "#" + m.sequence())
        .containsExactlyInAnyOrderElementsOf(late);
    List<DeadLetter> ours = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records(Topics.PROCESSOR_DEAD_LETTERS.name())) {
      DeadLetter d = DeadLetterJson.decode(r.value());
      if (ours(d.deviceId())) {
        ours.add(d);
      }
    }
    assertThat(ours).as("all late readings are within the 7-day horizon").isEmpty();
    assertThat(
            latestRevisions(Topics.SITE_HOURLY.name(), "windowStart").values().stream()
                .mapToInt(n -> n.get("revision").asInt())
                .max()
                .orElseThrow())
        .as("the late readings revised the hours they belong to")
        .isPositive();
  }

  @Test
  void shouldEmitExactHourlySiteMeans() throws IOException {
    ExpectedAqi o = oracle();
    int compared = 0;
    for (JsonNode n : latestRevisions(Topics.SITE_HOURLY.name(), "windowStart").values()) {
      SiteId site = new SiteId(n.get("siteId").asText());
      long hour = n.get("windowStart").asLong();
      assertThat(closed(hour)).isTrue();
      Map<Quantity, Double> expected = o.hourly.get(site).get(hour);
      JsonNode qs = n.get("quantities");
      assertThat(qs.size()).isEqualTo(expected.size());
      expected.forEach(
          (q, mean) -> {
            assertThat(qs.at("/" + q.code() + "/mean").asDouble())
                .as("%s %s %d", site, q, hour)
                .isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(qs.at("/" + q.code() + "/count").asLong())
                .isEqualTo(o.counts.get(site).get(hour).get(q));
          });
      compared++;
    }
    long closedHours =
        o.hourly.values().stream()
            .flatMap(h -> h.keySet().stream())
            .filter(PipelineEndToEndIT::closed)
            .count();
    assertThat(compared).isEqualTo(closedHours).isGreaterThanOrEqualTo(3 * 24);
  }

  @Test
  void shouldEmitExactNowCastAndAqiPerSiteAndHour() throws IOException {
    Map<String, AqiResult> expected = expectedSiteAqi();
    ExpectedAqi o = oracle();
    Map<String, JsonNode> got = latestRevisions(Topics.SITE_AQI.name(), "hourStart");
    assertThat(got.keySet()).isEqualTo(expected.keySet());
    assertThat(expected).hasSizeGreaterThanOrEqualTo(3 * 24);
    Set<String> dominants = new HashSet<>();
    expected.forEach(
        (key, e) -> {
          JsonNode n = got.get(key);
          assertThat(n.get("aqi").asInt()).as(key).isEqualTo(e.aqi());
          assertThat(n.get("dominant").asText()).as(key).isEqualTo(e.dominantPollutant().code());
          assertThat(n.get("category").asText()).as(key).isEqualTo(e.category().label());
          SiteId site = new SiteId(key.substring(0, key.indexOf('|')));
          long hour = Long.parseLong(key.substring(key.indexOf('|') + 1));
          for (Pollutant pm : List.of(Pollutant.PM2_5, Pollutant.PM10)) {
            OptionalDouble nc = o.nowcast(site, pm, hour);
            JsonNode v = n.at("/nowcast/" + pm.code());
            assertThat(v.isMissingNode()).as("%s nowcast %s", key, pm).isEqualTo(nc.isEmpty());
            nc.ifPresent(
                x ->
                    assertThat(v.asDouble())
                        .isCloseTo(x, org.assertj.core.data.Offset.offset(1e-9)));
          }
          dominants.add(e.dominantPollutant().code());
        });
    // the fleet is built so that more than one pollutant leads at some point
    assertThat(dominants).hasSizeGreaterThan(1);
  }

  @Test
  void shouldWriteTheSameAqiToInfluxDb() throws IOException {
    Map<String, AqiResult> expected = expectedSiteAqi();
    Map<String, Integer> got = influxSiteAqi();
    assertThat(got.keySet()).isEqualTo(expected.keySet());
    expected.forEach((k, e) -> assertThat(got.get(k)).as(k).isEqualTo(e.aqi()));
  }

  /** "site|hourStart" -> aqi, as queried back from InfluxDB. */
  private static Map<String, Integer> influxSiteAqi() throws IOException {
    String body =
        influx.query(
            DATABASE,
            "SELECT \"aqi\" FROM \"site_aqi\" WHERE \"siteId\" =~ /^"
                + namespace()
                + "/ GROUP BY \"siteId\"");
    Map<String, Integer> out = new HashMap<>();
    JsonNode series = Json.mapper().readTree(body).at("/results/0/series");
    for (JsonNode s : series) {
      String site = s.at("/tags/siteId").asText();
      for (JsonNode row : s.get("values")) {
        long t = Instant.parse(row.get(0).asText()).toEpochMilli();
        out.put(site + "|" + t, row.get(1).asInt());
      }
    }
    return out;
  }
}
