package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.gateway.integrity.DeviceSignatureConfig;
import dev.airtrace.gateway.integrity.DeviceSignaturePolicy;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay protection across a real gateway restart (issue #12): a signed reading accepted before the
 * restart and published again after it is a duplicate, not a second reading in the topic.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplayAcrossRestartIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(60));

  private final KafkaService kafka = Services.kafka();
  private final String mqttUri = Services.mosquitto().serverUri();
  private final String ns = uniqueName("replay");
  private final String site = ns + "-site";
  private final GatewayTopics topics = Integration.createTopics(kafka, ns, 1);

  @TempDir Path state;

  @Test
  void shouldNotAcceptASignedReadingReplayedAfterARestartASecondTime() throws Exception {
    KeyPair device = Ed25519.generate();
    Path keys = state.resolve("device-keys.properties");
    Files.writeString(keys, "d1 = " + Ed25519.publicKeyToBase64(device.getPublic()) + "\n");
    GatewayConfig config =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics)
            .integrity(
                IntegrityConfig.disabled().toBuilder()
                    .stateDirectory(state)
                    .persistSequences(true)
                    .build())
            .deviceSignatures(
                new DeviceSignatureConfig(DeviceSignaturePolicy.REQUIRE_IF_PROVISIONED, keys))
            .build();
    long t = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    byte[] first = signed(device, aSensorMessage().site(site).device("d1").sequence(1).at(t));
    byte[] second =
        signed(device, aSensorMessage().site(site).device("d1").sequence(2).at(t + 60_000));
    byte[] third =
        signed(device, aSensorMessage().site(site).device("d1").sequence(3).at(t + 120_000));
    String topic = aSensorMessage().site(site).device("d1").topic();

    try (MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings())) {
      try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry())) {
        gateway.start();
        await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
        publisher.publish(topic, first);
        publisher.publish(topic, second);
        await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == 2);
      }
      assertThat(config.integrity().sequenceStateFile(config.gatewayId())).exists();

      try (EdgeGateway restarted = EdgeGateway.create(config, new SimpleMeterRegistry())) {
        restarted.start();
        await().atMost(AT_MOST).until(() -> restarted.snapshot().mqttConnected());
        publisher.publish(topic, first); // the replay: byte for byte what was accepted before
        publisher.publish(topic, third);
        await().atMost(AT_MOST).until(() -> restarted.snapshot().received() == 2);
        await().atMost(AT_MOST).until(() -> restarted.snapshot().inFlight() == 0);

        assertThat(restarted.snapshot().duplicates()).isEqualTo(1);
      }
      await().atMost(AT_MOST).until(() -> readings.drain().size() >= 3);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(AT_MOST)
          .until(() -> readings.drain().size() == 3);
      List<Long> sequences =
          readings.records().stream().map(r -> ReadingJson.decode(r.value()).sequence()).toList();
      assertThat(sequences).containsExactly(1L, 2L, 3L);
    }
  }

  private static byte[] signed(KeyPair device, SensorPayloads message) {
    return message.signedPayload(device.getPrivate());
  }
}
