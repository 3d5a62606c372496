package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.models.EdgeModels;
import dev.airtrace.gateway.models.FaultEventConfig;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.gateway.testdata.DetectorConfigs;
import dev.airtrace.gateway.testdata.FakeModels;
import dev.airtrace.gateway.testdata.FakeModels.FakeLiveModel;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.topics.gateway.AnomalyEvent;
import dev.airtrace.topics.gateway.AnomalyEventJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's model batches through correction and anomaly detection, on fakes. */
class EdgeGatewayModelsTest {
  private static final Duration AT_MOST = Duration.ofSeconds(30);
  private static final int SERIES = 120;
  private static final int SPIKE = 90;
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochMilli(T0 + SERIES * 60_000L + 60_000), ZoneOffset.UTC);

  private final FakeIntake intake = new FakeIntake();
  private final FakeSink sink = new FakeSink();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeLiveModel anomalyModel = FakeModels.anomaly();
  private EdgeGateway gateway;

  @AfterEach
  void closeGateway() {
    if (gateway != null) {
      sink.acknowledgeAll();
      gateway.close();
    }
  }

  private void start() {
    ModelsConfig models =
        ModelsConfig.builder()
            .anomalyEnabled(true)
            // detector plumbing: every anomalous verdict is an event, no neighbour comparison
            .faultEvents(FaultEventConfig.everyVerdict())
            .anomaly(DetectorConfigs.quickDetector())
            .build();
    GatewayConfig config =
        GatewayConfig.builder(new GatewayId("gw-test"), "tcp://127.0.0.1:1883", "127.0.0.1:9092")
            .integrity(IntegrityConfig.disabled())
            .models(models)
            .build();
    EdgeModels edgeModels =
        EdgeModels.of(
            models,
            config.gatewayId(),
            Map.<String, LiveModel>of("anomaly-ae", anomalyModel),
            FakeModels.CPU);
    gateway = EdgeGateway.create(config, registry, intake, sink, CLOCK, edgeModels);
    gateway.start();
  }

  /** Queues a PM2.5 series with a spike, plus one PurpleAir message, before the worker starts. */
  private void queueSeriesAndPurpleAir() {
    Random noise = new Random(7);
    for (int i = 0; i < SERIES; i++) {
      double v = i == SPIKE ? 400 : 10 + noise.nextGaussian();
      SensorPayloads m =
          aSensorMessage().device("d1").sequence(i).at(T0 + i * 60_000L).with(Quantity.PM2_5, v);
      intake.deliver(m.topic(), m.payload());
    }
    SensorPayloads pa =
        aSensorMessage()
            .device("pa-1")
            .sequence(1)
            .at(T0)
            .with(Quantity.PM2_5_CF1_A, 41)
            .with(Quantity.PM2_5_CF1_B, 39)
            .with(Quantity.RELATIVE_HUMIDITY, 50);
    intake.deliver(pa.topic(), pa.payload());
  }

  private List<FakeSink.Sent> on(String topic) {
    return sink.sent().stream().filter(s -> s.topic().equals(topic)).toList();
  }

  @Test
  void shouldRunTheDetectorOncePerMicroBatchAndDeliverEveryReading() {
    queueSeriesAndPurpleAir();
    start();

    await().atMost(AT_MOST).until(() -> on(GatewayTopics.READINGS_V1).size() == SERIES + 1);
    // Everything was queued before the worker started: one batch (the maximum is 256).
    assertThat(gateway.models().detectorRuns()).isEqualTo(1);
    // The series' PM2.5 values, and the PurpleAir reading's A, B, humidity and corrected PM2.5.
    assertThat(gateway.models().observations()).isEqualTo(SERIES + 4);
  }

  @Test
  void shouldMarkTheFlaggedReadingAndSendOneAnomalyEvent() {
    queueSeriesAndPurpleAir();
    start();

    await().atMost(AT_MOST).until(() -> on(ModelsConfig.ANOMALIES_V1).size() == 1);
    await().atMost(AT_MOST).until(() -> on(GatewayTopics.READINGS_V1).size() == SERIES + 1);
    FakeSink.Sent event = on(ModelsConfig.ANOMALIES_V1).get(0);
    assertThat(event.key()).isEqualTo("d1");
    AnomalyEvent e = AnomalyEventJson.decode(event.value());
    assertThat(e.sequence()).isEqualTo(SPIKE);
    assertThat(e.model()).isEqualTo("anomaly-ae@1");
    List<FakeSink.Sent> marked =
        on(GatewayTopics.READINGS_V1).stream()
            .filter(s -> !ReadingJson.anomalies(s.value()).isEmpty())
            .toList();
    assertThat(marked).hasSize(1);
    assertThat(ReadingJson.decode(marked.get(0).value()).sequence()).isEqualTo(SPIKE);
    assertThat(ReadingJson.anomalies(marked.get(0).value()))
        .extracting(AnomalyMark::quantity)
        .containsExactly(Quantity.PM2_5);
  }

  @Test
  void shouldCorrectThePurpleAirReadingAndRecordHow() {
    queueSeriesAndPurpleAir();
    start();

    await().atMost(AT_MOST).until(() -> on(GatewayTopics.READINGS_V1).size() == SERIES + 1);
    Reading pa =
        on(GatewayTopics.READINGS_V1).stream()
            .map(s -> ReadingJson.decode(s.value()))
            .filter(r -> r.deviceId().value().equals("pa-1"))
            .findFirst()
            .orElseThrow();
    assertThat(pa.value(Quantity.PM2_5).getAsDouble()).isCloseTo(27.64, within(1e-9));
    assertThat(pa.correction(Quantity.PM2_5).orElseThrow().method()).isEqualTo("epa-barkjohn-2022");
  }

  @Test
  void shouldAcknowledgeAFlaggedMessageOnlyOnceItsEventIsInKafka() {
    queueSeriesAndPurpleAir();
    start();
    await().atMost(AT_MOST).until(() -> on(ModelsConfig.ANOMALIES_V1).size() == 1);
    int eventIndex = sink.sent().indexOf(on(ModelsConfig.ANOMALIES_V1).get(0));
    for (int i = 0; i < sink.sent().size(); i++) {
      if (i != eventIndex) {
        sink.acknowledge(i);
      }
    }

    // Messages are acknowledged in order, so they stop right before the flagged one (its sequence
    // is its position in the queue).
    int flagged = (int) AnomalyEventJson.decode(sink.sent().get(eventIndex).value()).sequence();
    await().atMost(AT_MOST).untilAsserted(() -> assertThat(intake.acknowledged()).hasSize(flagged));
    await()
        .during(Duration.ofMillis(300))
        .atMost(AT_MOST)
        .until(() -> intake.acknowledged().size() == flagged);
    sink.acknowledge(eventIndex);
    // Records the worker sent after the loop above are acknowledged as they come.
    await()
        .atMost(AT_MOST)
        .until(
            () -> {
              sink.acknowledgeAll();
              return intake.acknowledged().size() == SERIES + 1;
            });
  }

  @Test
  void shouldShowTheBackendAndModelsInStatusAndMetrics() {
    start();

    assertThat(gateway.snapshot().progressLine()).contains("inference=ort-cpu models=anomaly-ae@1");
    assertThat(registry.get("airtrace.inference.backend").tag("backend", "ort-cpu").gauge().value())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("airtrace.gateway.model.version")
                .tag("model", "anomaly-ae")
                .gauge()
                .value())
        .isEqualTo(1.0);
    anomalyModel.switchTo(3);
    assertThat(gateway.snapshot().models()).containsExactly("anomaly-ae@3");
  }
}
