package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.anomaly.AnomalyConfig;
import dev.airtrace.anomaly.AnomalyDetectors;
import dev.airtrace.anomaly.AnomalyVerdict;
import dev.airtrace.anomaly.Observation;
import dev.airtrace.anomaly.SeriesKey;
import dev.airtrace.anomaly.StreamingAnomalyDetector;
import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.gateway.models.FaultEventConfig;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.gateway.testdata.DetectorConfigs;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.topics.gateway.AnomalyEvent;
import dev.airtrace.topics.gateway.AnomalyEventJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's models between a real mosquitto and a real Kafka broker, with the committed
 * anomaly-ae model on the CPU: an injected spike comes out as exactly the anomaly events an offline
 * replay of the same detector predicts, the flagged reading is marked and still delivered, a
 * PurpleAir device's readings come out corrected with the correction recorded, and a model version
 * dropped into the repository while the gateway runs names the later events.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GatewayModelsIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(90));
  private static final Path COMMITTED_MODEL =
      Path.of("..", "models", "repository", "anomaly-ae", "1");
  private static final int SERIES = 160;
  private static final int SPIKE = 130;
  private static final Path COMMITTED_CALIBRATION =
      Path.of("..", "models", "repository", "pm25-calibration", "1");
  private static final AnomalyConfig DETECTOR = DetectorConfigs.quickDetector();

  private final KafkaService kafka = Services.kafka();
  private final String mqttUri = Services.mosquitto().serverUri();
  private final String ns = uniqueName("gwm");
  private final String site = ns + "-site";
  private final GatewayTopics topics = Integration.createTopics(kafka, ns, 2);
  private final String anomaliesTopic = "it." + ns + ".anomalies";
  private final long t0 = System.currentTimeMillis() - Duration.ofHours(4).toMillis();

  @TempDir Path repository;

  /** PM2.5 of device d1: noise around 12 µg/m³ with one spike. */
  private static double[] series() {
    Random noise = new Random(2026);
    double[] v = new double[SERIES];
    for (int i = 0; i < SERIES; i++) {
      v[i] = i == SPIKE ? 250 : 12 + 1.5 * noise.nextGaussian();
    }
    return v;
  }

  private GatewayConfig config() {
    ModelsConfig models =
        ModelsConfig.builder()
            .anomalyEnabled(true)
            // detector plumbing: every anomalous verdict is an event, no neighbour comparison
            .faultEvents(FaultEventConfig.everyVerdict())
            .anomaly(DETECTOR)
            .anomaliesTopic(anomaliesTopic)
            .repository(repository, Duration.ofMillis(200))
            .inference(InferenceConfig.cpu())
            .build();
    return Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics)
        .models(models)
        .build();
  }

  private void copyVersion(long version) throws IOException {
    copyVersion(COMMITTED_MODEL, "anomaly-ae", version);
  }

  private void copyVersion(Path committed, String name, long version) throws IOException {
    Path staging = repository.resolve(".staging-" + name + "-" + version);
    Files.createDirectories(staging);
    try (Stream<Path> files = Files.list(committed)) {
      for (Path f : files.toList()) {
        Files.copy(f, staging.resolve(f.getFileName().toString()));
      }
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode sidecar = (ObjectNode) json.readTree(staging.resolve("model.json").toFile());
    sidecar.put("version", version);
    json.writerWithDefaultPrettyPrinter()
        .writeValue(staging.resolve("model.json").toFile(), sidecar);
    Files.createDirectories(repository.resolve(name));
    // A rename is atomic: the repository never sees a half-copied version.
    Files.move(
        staging,
        repository.resolve(name).resolve(Long.toString(version)),
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Sequence numbers of d1's values that the same detector, run offline, flags. */
  private static List<Long> expectedAnomalies(double[] values) {
    List<Long> flagged = new ArrayList<>();
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu());
        Model model = engine.load(ModelManifest.read(COMMITTED_MODEL.resolve("model.json")));
        StreamingAnomalyDetector detector =
            AnomalyDetectors.create(DETECTOR, LiveModel.fixed(model))) {
      for (int i = 0; i < values.length; i++) {
        AnomalyVerdict v =
            detector
                .observe(List.of(new Observation(new SeriesKey("d1", "pm2_5"), 0, values[i])))
                .get(0);
        if (v.anomalous()) {
          flagged.add((long) i);
        }
      }
    }
    return flagged;
  }

  private void publish(MqttPublisher publisher, double[] values, int from, int to)
      throws Exception {
    for (int i = from; i < to; i++) {
      SensorPayloads p =
          aSensorMessage()
              .site(site)
              .device("d1")
              .sequence(i)
              .at(t0 + i * 60_000L)
              .with(Quantity.PM2_5, values[i]);
      publisher.publish(p.topic(), p.payload());
    }
  }

  @Test
  void shouldEmitExactlyTheExpectedAnomalyEventsAndCorrectPurpleAirReadings() throws Exception {
    copyVersion(1);
    kafka.createTopics(2, anomaliesTopic);
    double[] values = series();
    List<Long> expected = expectedAnomalies(values);
    assertThat(expected).as("the offline replay flags the spike").contains((long) SPIKE);

    try (EdgeGateway gateway = EdgeGateway.create(config(), new SimpleMeterRegistry());
        MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader anomalies = new TopicReader(kafka.bootstrapServers(), anomaliesTopic)) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
      assertThat(gateway.snapshot().progressLine()).contains("inference=ort-cpu");
      publish(publisher, values, 0, SERIES);
      SensorPayloads agree =
          aSensorMessage()
              .site(site)
              .device("pa-1")
              .sequence(1)
              .at(t0)
              .with(Quantity.PM2_5_CF1_A, 41)
              .with(Quantity.PM2_5_CF1_B, 39)
              .with(Quantity.RELATIVE_HUMIDITY, 50)
              .with(Quantity.TEMPERATURE, 18);
      SensorPayloads disagree =
          aSensorMessage()
              .site(site)
              .device("pa-1")
              .sequence(2)
              .at(t0 + 60_000)
              .with(Quantity.PM2_5_CF1_A, 10)
              .with(Quantity.PM2_5_CF1_B, 40)
              .with(Quantity.RELATIVE_HUMIDITY, 50);
      publisher.publish(agree.topic(), agree.payload());
      publisher.publish(disagree.topic(), disagree.payload());

      await().atMost(AT_MOST).until(() -> readings.drain().size() == SERIES + 2);
      await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == SERIES + 2);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(AT_MOST)
          .until(() -> anomalies.drain().size() == expected.size());

      List<AnomalyEvent> events =
          anomalies.records().stream().map(r -> AnomalyEventJson.decode(r.value())).toList();
      assertThat(events).extracting(AnomalyEvent::sequence).containsExactlyElementsOf(expected);
      assertThat(anomalies.records()).extracting(ConsumerRecord::key).containsOnly("d1");
      AnomalyEvent spike =
          events.stream().filter(e -> e.sequence() == SPIKE).findFirst().orElseThrow();
      assertThat(spike.value()).isEqualTo(250.0);
      assertThat(spike.model()).isEqualTo("anomaly-ae@1");
      assertThat(spike.accelerator()).isEqualTo("ort-cpu");
      assertThat(spike.quantity()).isEqualTo(Quantity.PM2_5);

      List<Long> marked = new ArrayList<>();
      Reading corrected = null;
      Reading rejected = null;
      for (ConsumerRecord<String, byte[]> r : readings.records()) {
        Reading reading = ReadingJson.decode(r.value());
        List<AnomalyMark> marks = ReadingJson.anomalies(r.value());
        if (!marks.isEmpty()) {
          marked.add(reading.sequence());
        }
        if (reading.deviceId().value().equals("pa-1")) {
          if (reading.sequence() == 1) {
            corrected = reading;
          } else {
            rejected = reading;
          }
        }
      }
      assertThat(marked).containsExactlyElementsOf(expected);
      // x = 40, RH 50: w = 0.5, 0.655 * 40 - 4.31 + 5.75 = 27.64
      assertThat(corrected.value(Quantity.PM2_5).getAsDouble()).isCloseTo(27.64, within(1e-9));
      Correction applied = corrected.correction(Quantity.PM2_5).orElseThrow();
      assertThat(applied.method()).isEqualTo("epa-barkjohn-2022");
      assertThat(applied.inputs()).containsEntry(Quantity.PM2_5_CF1_A, 41.0);
      assertThat(rejected.value(Quantity.PM2_5)).isEmpty();
      assertThat(rejected.correction(Quantity.PM2_5).orElseThrow().status())
          .isEqualTo(CorrectionStatus.CHANNELS_DISAGREE);
    }
  }

  @Test
  void shouldNameAVersionDroppedIntoTheRepositoryInLaterEvents() throws Exception {
    copyVersion(1);
    kafka.createTopics(1, anomaliesTopic);
    double[] values = series();
    List<Long> expected = expectedAnomalies(values);
    assertThat(expected).contains((long) SPIKE);

    try (EdgeGateway gateway = EdgeGateway.create(config(), new SimpleMeterRegistry());
        MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader anomalies = new TopicReader(kafka.bootstrapServers(), anomaliesTopic)) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
      publish(publisher, values, 0, SPIKE - 10);
      await().atMost(AT_MOST).until(() -> readings.drain().size() == SPIKE - 10);
      assertThat(gateway.models().modelIds()).containsExactly("anomaly-ae@1");

      copyVersion(2);
      await().atMost(AT_MOST).until(() -> gateway.models().modelIds().contains("anomaly-ae@2"));
      assertThat(gateway.models().reloads("anomaly-ae")).isEqualTo(1);
      publish(publisher, values, SPIKE - 10, SERIES);

      await().atMost(AT_MOST).until(() -> readings.drain().size() == SERIES);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(AT_MOST)
          .until(() -> anomalies.drain().size() == expected.size());
      List<AnomalyEvent> events =
          anomalies.records().stream().map(r -> AnomalyEventJson.decode(r.value())).toList();
      assertThat(events).extracting(AnomalyEvent::sequence).containsExactlyElementsOf(expected);
      for (AnomalyEvent e : events) {
        assertThat(e.model())
            .as("event for sequence %d", e.sequence())
            .isEqualTo(e.sequence() < SPIKE - 10 ? "anomaly-ae@1" : "anomaly-ae@2");
      }
    }
  }

  @Test
  void shouldCorrectPurpleAirWithTheCalibrationModelAndRecordItsVersion() throws Exception {
    copyVersion(COMMITTED_CALIBRATION, "pm25-calibration", 1);
    float expected;
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu());
        Model model =
            engine.load(ModelManifest.read(COMMITTED_CALIBRATION.resolve("model.json")))) {
      expected =
          model.run(java.nio.FloatBuffer.wrap(new float[] {40f, 50f, 18f}), 1).get("pm2_5")[0];
    }
    GatewayConfig config =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics)
            .models(
                ModelsConfig.builder()
                    .calibration(dev.airtrace.gateway.models.CalibrationMode.MODEL)
                    .repository(repository, Duration.ZERO)
                    .inference(InferenceConfig.cpu())
                    .build())
            .build();

    try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry());
        MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings())) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
      SensorPayloads pa =
          aSensorMessage()
              .site(site)
              .device("pa-2")
              .sequence(1)
              .at(t0)
              .with(Quantity.PM2_5_CF1_A, 41)
              .with(Quantity.PM2_5_CF1_B, 39)
              .with(Quantity.RELATIVE_HUMIDITY, 50)
              .with(Quantity.TEMPERATURE, 18);
      publisher.publish(pa.topic(), pa.payload());

      await().atMost(AT_MOST).until(() -> readings.drain().size() == 1);
      Reading r = ReadingJson.decode(readings.records().get(0).value());
      Correction c = r.correction(Quantity.PM2_5).orElseThrow();
      assertThat(c.method()).isEqualTo("model:pm25-calibration@1");
      assertThat(c.status()).isEqualTo(CorrectionStatus.APPLIED);
      assertThat(c.inputs()).containsEntry(Quantity.TEMPERATURE, 18.0);
      assertThat(r.value(Quantity.PM2_5).getAsDouble()).isEqualTo((double) expected);
      assertThat(gateway.snapshot().progressLine())
          .contains("inference=ort-cpu models=pm25-calibration@1 pm25-corrected=1");
    }
  }
}
