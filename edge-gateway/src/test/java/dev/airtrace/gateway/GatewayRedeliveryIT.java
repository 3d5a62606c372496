package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.gateway.GatewayStatus.State;
import dev.airtrace.gateway.kafka.KafkaOutputConfig;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing is lost when a gateway stops before Kafka acknowledged its records: the persistent MQTT
 * session hands every unacknowledged message to the next gateway with the same client id.
 * Duplicates downstream are allowed there; losses are not.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GatewayRedeliveryIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(60));
  private static final int MESSAGES = 25;

  private final KafkaService kafka = Services.kafka();
  private final String mqttUri = Services.mosquitto().serverUri();
  private final String ns = uniqueName("rd");
  private final String site = ns + "-site";
  private final GatewayTopics topics = Integration.createTopics(kafka, ns, 2);

  /** Topics that do not exist (the broker does not auto-create): sends wait for metadata. */
  private final GatewayTopics missing =
      new GatewayTopics("it." + ns + ".nope-r", "it." + ns + ".nope-a", "it." + ns + ".nope-d");

  @Test
  void shouldRedeliverEverythingToTheNextGatewayAfterAnAbruptClose() throws Exception {
    GatewayConfig stuck =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, missing)
            .shutdownTimeout(Duration.ofSeconds(1))
            .build();
    EdgeGateway first = EdgeGateway.create(stuck, new SimpleMeterRegistry());
    first.start();
    await().atMost(AT_MOST).until(() -> first.snapshot().mqttConnected());
    publishAll();
    await().atMost(AT_MOST).until(() -> first.snapshot().received() >= 1);

    first.close();

    assertThat(first.snapshot().acked()).isZero();
    assertEverythingArrivesThroughTheNextGateway();
  }

  @Test
  void shouldFailWithoutAcknowledgingWhenKafkaCannotTakeTheRecordsAndLoseNothing()
      throws Exception {
    GatewayConfig base =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, missing).build();
    KafkaOutputConfig impatient =
        base.kafka().toBuilder()
            .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1))
            .build();
    GatewayConfig failing =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, missing)
            .kafka(impatient)
            .build();
    try (EdgeGateway first = EdgeGateway.create(failing, new SimpleMeterRegistry())) {
      first.start();
      await().atMost(AT_MOST).until(() -> first.snapshot().mqttConnected());
      publishAll();

      assertThat(first.awaitTermination(AT_MOST)).isTrue();
      GatewayStatus status = first.snapshot();
      assertThat(status.state()).isEqualTo(State.FAILED);
      assertThat(status.lastError()).contains("Kafka");
      assertThat(status.acked()).isZero();
      assertThat(first.failure()).isPresent();
    }
    assertEverythingArrivesThroughTheNextGateway();
  }

  private void publishAll() throws InterruptedException {
    try (MqttPublisher publisher = Integration.publisher(mqttUri, ns)) {
      long t = System.currentTimeMillis() - 60_000;
      for (int seq = 0; seq < MESSAGES; seq++) {
        SensorPayloads p = aSensorMessage().site(site).device("d1").sequence(seq).at(t + seq);
        publisher.publish(p.topic(), p.payload());
      }
      assertThat(publisher.awaitDelivered(AT_MOST)).isTrue();
    }
  }

  private void assertEverythingArrivesThroughTheNextGateway() {
    GatewayConfig healthy =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics).build();
    try (EdgeGateway next = EdgeGateway.create(healthy, new SimpleMeterRegistry());
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings())) {
      next.start();

      await().atMost(AT_MOST).until(() -> readings.drain().size() >= MESSAGES);
      await().atMost(AT_MOST).until(() -> next.snapshot().acked() == next.snapshot().received());
      List<Long> sequences =
          readings.records().stream().map(r -> ReadingJson.decode(r.value()).sequence()).toList();
      assertThat(sequences)
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, MESSAGES).mapToObj(i -> (long) i).toList());
    }
  }
}
