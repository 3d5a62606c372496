package dev.airtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.PayloadFormat;
import dev.airtrace.core.codec.SensorMessage;
import dev.airtrace.core.codec.SensorPayloadEncoder;
import dev.airtrace.core.codec.SensorTopic;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayStatus;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.AcceptedReading;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.processor.SensorQuality;
import dev.airtrace.topics.processor.SensorQualityJson;
import dev.airtrace.topics.processor.SiteHourly;
import dev.airtrace.topics.processor.SiteOutputJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11's "done when" on real services (mosquitto, Kafka, the gateway and the Kafka Streams
 * processor): one site with three healthy PM2.5 sensors, one stuck at 35.0 µg/m³ and one drifting
 * up 1.5 µg/m³ per hour, 26 hours at 10-minute intervals. The stuck sensor's readings are flagged
 * flat line (suspect after 12 h, fail after 24 h) on the readings topic, its fail-flagged values
 * are left out of the site's hourly means (which the NowCast/AQI are computed from) and counted,
 * and both faulty sensors get a low quality score while the healthy ones score high. Expectations
 * come from the published values and the documented rules, never from the pipeline.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class QualityEndToEndIT {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final int STEPS_PER_HOUR = 6; // 10-minute interval
  private static final int HOURS = 26;
  private static final long HOUR_MS = Duration.ofHours(1).toMillis();

  @TempDir static Path work;

  private static String run;
  private static long start;
  private static final Map<String, List<ConsumerRecord<String, byte[]>>> seen = new HashMap<>();

  private static String device(String name) {
    return "q" + run + "-" + name;
  }

  /** The value each simulated device sends at step {@code i} (10 minutes apart). */
  private static double value(String name, int i) {
    return switch (name) {
      case "stuck" -> 35.0;
      case "drift" -> 20.0 + 1.5 * i / STEPS_PER_HOUR;
      case "h1" -> 20.0 + 0.5 * Math.sin(i / 3.0);
      case "h2" -> 20.5 + 0.5 * Math.sin(i / 3.0 + 1);
      default -> 19.5 + 0.5 * Math.sin(i / 3.0 + 2);
    };
  }

  private static final List<String> NAMES = List.of("h1", "h2", "h3", "stuck", "drift");

  @BeforeAll
  static void runPipeline() throws Exception {
    KafkaService kafka = Services.kafka();
    MosquittoService mosquitto = Services.mosquitto();
    run = UUID.randomUUID().toString().substring(0, 8);
    start =
        Instant.now()
            .minus(Duration.ofHours(HOURS + 1))
            .truncatedTo(ChronoUnit.HOURS)
            .toEpochMilli();
    GatewayTopics gt = GatewayTopics.defaults();
    kafka.createTopics(
        1,
        gt.readings(),
        gt.aggregates(),
        gt.deadLetters(),
        Topics.SITE_HOURLY.name(),
        Topics.SITE_AQI.name(),
        Topics.SITE_FEATURES.name(),
        Topics.SENSOR_QUALITY.name(),
        Topics.PROCESSOR_DEAD_LETTERS.name());
    ProcessorConfig pc =
        ProcessorConfig.builder(kafka.bootstrapServers(), work.resolve("processor"))
            .applicationId("q-processor-" + run)
            .qualityScores(true)
            .build();
    GatewayId gatewayId = new GatewayId("q-gw-" + run);
    GatewayConfig gc =
        GatewayConfig.builder(gatewayId, mosquitto.serverUri(), kafka.bootstrapServers())
            .mqtt(
                GatewayConfig.defaultMqtt(gatewayId, MqttEndpoint.of(mosquitto.serverUri()))
                    .toBuilder()
                    .clientId("q-gateway-" + run)
                    .build())
            .outbox(OutboxConfig.builder().directory(work.resolve("outbox")).build())
            .build();
    SiteId site = new SiteId("q" + run);
    int published = 0;
    try (StreamProcessorApp processor = new StreamProcessorApp(pc);
        EdgeGateway gateway = EdgeGateway.create(gc, new SimpleMeterRegistry());
        MqttPublisher publisher =
            MqttClients.publisher(
                MqttPublisherConfig.defaults(
                    MqttEndpoint.of(mosquitto.serverUri()), "q-sim-" + run))) {
      processor.start();
      gateway.start();
      publisher.start();
      assertThat(processor.awaitRunning(PATIENCE)).isTrue();
      assertThat(publisher.awaitConnected(PATIENCE)).isTrue();
      // publish only once the gateway has subscribed (clean session: nothing is kept before)
      await().atMost(PATIENCE).until(() -> gateway.snapshot().mqttConnected());
      for (int i = 0; i < HOURS * STEPS_PER_HOUR; i++) {
        long t = start + i * HOUR_MS / STEPS_PER_HOUR;
        for (int d = 0; d < NAMES.size(); d++) {
          String name = NAMES.get(d);
          SensorMessage m =
              new SensorMessage(i + 1, t + d * 1000L, Map.of(Quantity.PM2_5, value(name, i)), null);
          publisher.publish(
              new SensorTopic(site, new DeviceId(device(name)), PayloadFormat.JSON).topic(),
              SensorPayloadEncoder.json(m));
          published++;
        }
      }
      assertThat(publisher.awaitDelivered(PATIENCE)).isTrue();
      int all = published;
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                GatewayStatus s = gateway.snapshot();
                return s.accepted() + s.rejectedTotal() >= all && s.inFlight() == 0;
              });
      assertThat(gateway.snapshot().rejectedTotal()).isZero();

      try (KafkaConsumer<String, byte[]> consumer = kafka.committedReader("q-check")) {
        consumer.subscribe(
            List.of(gt.readings(), Topics.SITE_HOURLY.name(), Topics.SENSOR_QUALITY.name()));
        // hours 0..24 close (the last reading, 25:50, passes 25:00 + the 10-minute grace)
        long lastEnd = start + (HOURS - 1) * HOUR_MS;
        await()
            .atMost(PATIENCE)
            .until(
                () -> {
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (mine(r)) {
                      seen.computeIfAbsent(r.topic(), x -> new ArrayList<>()).add(r);
                    }
                  }
                  return scores().stream().anyMatch(s -> s.windowEnd() == lastEnd)
                      && readings().size() >= all;
                });
      }
    }
  }

  private static boolean mine(ConsumerRecord<String, byte[]> r) {
    return r.key() != null && r.key().startsWith("q" + run);
  }

  private static List<AcceptedReading> readings() {
    return seen.getOrDefault(Topics.READINGS.name(), List.of()).stream()
        .map(r -> ReadingJson.decodeAccepted(r.value()))
        .toList();
  }

  private static List<SensorQuality> scores() {
    return seen.getOrDefault(Topics.SENSOR_QUALITY.name(), List.of()).stream()
        .map(r -> SensorQualityJson.decode(r.value()))
        .toList();
  }

  private static List<SiteHourly> hours() {
    return seen.getOrDefault(Topics.SITE_HOURLY.name(), List.of()).stream()
        .map(r -> SiteOutputJson.decodeSiteHourly(r.value()))
        .toList();
  }

  private static QcMark pm25(AcceptedReading r) {
    return r.qc(Quantity.PM2_5).orElseThrow();
  }

  @Test
  void shouldFlagTheStuckSensorFlatLineSuspectAfter12HoursAndFailAfter24() {
    List<AcceptedReading> stuck =
        readings().stream()
            .filter(r -> r.reading().deviceId().value().equals(device("stuck")))
            .toList();

    // run length at step i is i x 10 min: suspect from 12 h (i = 72), fail from 24 h (i = 144)
    assertThat(stuck).hasSize(HOURS * STEPS_PER_HOUR);
    for (AcceptedReading r : stuck) {
      long i = r.reading().sequence() - 1;
      QcFlag expected = i >= 144 ? QcFlag.FAIL : i >= 72 ? QcFlag.SUSPECT : QcFlag.PASS;
      assertThat(pm25(r).flag()).as("step %d", i).isEqualTo(expected);
      if (expected != QcFlag.PASS) {
        assertThat(pm25(r).raisedBy()).containsEntry(QcTest.FLAT_LINE, expected);
      }
    }
  }

  @Test
  void shouldNeverFailAHealthyOrDriftingSensorsReading() {
    assertThat(readings())
        .filteredOn(r -> !r.reading().deviceId().value().equals(device("stuck")))
        .hasSize(4 * HOURS * STEPS_PER_HOUR)
        .allSatisfy(r -> assertThat(pm25(r).flag()).isNotEqualTo(QcFlag.FAIL));
  }

  @Test
  void shouldLeaveTheStuckSensorsFailedValuesOutOfTheSiteHourlyMean() {
    long hour24 = start + 24 * HOUR_MS;
    SiteHourly h =
        hours().stream().filter(x -> x.windowStart() == hour24).reduce((a, b) -> b).orElseThrow();
    // steps 144..149: the other four devices' values only
    double sum = 0;
    for (int i = 144; i < 150; i++) {
      for (String n : List.of("h1", "h2", "h3", "drift")) {
        sum += value(n, i);
      }
    }
    assertThat(h.excludedCount(Quantity.PM2_5)).isEqualTo(6);
    assertThat(h.quantities().get(Quantity.PM2_5).count()).isEqualTo(24);
    assertThat(h.quantities().get(Quantity.PM2_5).mean()).isCloseTo(sum / 24, within(1e-9));
    SiteHourly hour23 =
        hours().stream()
            .filter(x -> x.windowStart() == hour24 - HOUR_MS)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(hour23.excluded()).isEmpty();
  }

  @Test
  void shouldScoreTheStuckAndTheDriftingSensorLowAndTheHealthyOnesHigh() {
    long lastEnd = start + (HOURS - 1) * HOUR_MS;
    Map<String, SensorQuality> last = new HashMap<>();
    for (SensorQuality s : scores()) {
      if (s.windowEnd() == lastEnd) {
        last.put(s.deviceId().value(), s);
      }
    }

    for (String n : List.of("h1", "h2", "h3")) {
      assertThat(last.get(device(n)).score()).as(n).isGreaterThanOrEqualTo(90.0);
    }
    SensorQuality stuck = last.get(device("stuck"));
    SensorQuality drift = last.get(device("drift"));
    assertThat(stuck.fail()).isEqualTo(6); // steps 144..149 are in the window ending at 25:00
    assertThat(stuck.score()).isLessThan(10.0);
    // the drift passes every QC test: only its neighbours give it away
    assertThat(drift.fail()).isZero();
    assertThat(drift.neighbourDeviation()).isGreaterThan(6.0);
    assertThat(drift.score()).isLessThan(10.0);
  }
}
