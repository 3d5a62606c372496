package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.core.integrity.MerkleTree;
import dev.airtrace.gateway.integrity.DeviceSignatureConfig;
import dev.airtrace.gateway.integrity.DeviceSignaturePolicy;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integrity between a real mosquitto and a real Kafka broker: what an auditor reads back from the
 * two topics (readings with batch refs, signed headers) must rebuild every header's root.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GatewayIntegrityIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(60));
  private static final int READINGS = 11;

  private final KafkaService kafka = Services.kafka();
  private final String mqttUri = Services.mosquitto().serverUri();
  private final String ns = uniqueName("gwi");
  private final String site = ns + "-site";
  private final GatewayTopics topics = Integration.createTopics(kafka, ns, 3);
  private final String headersTopic = "it." + ns + ".batch-headers";

  @TempDir Path state;

  @Test
  void shouldPublishSignedHeadersWhoseRootsTheReadingsTopicRebuilds() throws Exception {
    kafka.createTopics(2, headersTopic);
    GatewayConfig config =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics)
            .integrity(
                IntegrityConfig.builder()
                    .headersTopic(headersTopic)
                    .sealing(4, Duration.ofSeconds(1))
                    .stateDirectory(state)
                    .build())
            .build();
    long t = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();

    try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry());
        MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader headers = new TopicReader(kafka.bootstrapServers(), headersTopic)) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
      for (int i = 1; i <= READINGS; i++) {
        SensorPayloads p =
            aSensorMessage()
                .site(site)
                .device("d" + (i % 3))
                .sequence(i)
                .at(t + i * 1_000L)
                .with(Quantity.PM2_5, 10.0 + i / 7.0);
        publisher.publish(p.topic(), p.payload());
      }

      await().atMost(AT_MOST).until(() -> readings.drain().size() == READINGS);
      await()
          .atMost(AT_MOST)
          .until(
              () ->
                  headers.drain().stream()
                          .mapToLong(r -> BatchHeaderJson.decode(r.value()).size())
                          .sum()
                      == READINGS);
      await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == READINGS);

      PublicKey key = Ed25519.publicKeyFromBase64(gateway.signingPublicKey().orElseThrow());
      Map<Long, Map<Long, byte[]>> leavesByBatch = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : readings.records()) {
        BatchRef ref = ReadingJson.batchRef(r.value()).orElseThrow();
        byte[] leaf = LeafEncoding.leafHash(ReadingJson.decode(r.value()));
        assertThat(
                leavesByBatch
                    .computeIfAbsent(ref.seq(), s -> new TreeMap<>())
                    .put(ref.index(), leaf))
            .as("one reading per (seq, index)")
            .isNull();
      }
      List<ConsumerRecord<String, byte[]>> headerRecords = headers.records();
      assertThat(headerRecords).hasSize(leavesByBatch.size()).hasSizeGreaterThanOrEqualTo(3);
      for (ConsumerRecord<String, byte[]> r : headerRecords) {
        BatchHeader header = BatchHeaderJson.decode(r.value());
        assertThat(r.key()).isEqualTo(config.gatewayId().value() + ":" + header.seq());
        assertThat(header.verifySignature(key)).as("signature of %s", header).isTrue();
        Map<Long, byte[]> leaves = leavesByBatch.get(header.seq());
        assertThat(leaves.keySet())
            .containsExactlyElementsOf(LongStream.range(0, header.size()).boxed().toList());
        assertThat(MerkleTree.fromLeafHashes(List.copyOf(leaves.values())).root())
            .as("root of batch %d", header.seq())
            .isEqualTo(header.root());
      }
    }
  }

  @Test
  void shouldDeadLetterAForgedDeviceSignatureAndBatchTheSignedReading() throws Exception {
    kafka.createTopics(1, headersTopic);
    KeyPair device = Ed25519.generate();
    Path keys = state.resolve("device-keys.properties");
    Files.writeString(keys, "d1 = " + Ed25519.publicKeyToBase64(device.getPublic()) + "\n");
    GatewayConfig config =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics)
            .integrity(
                IntegrityConfig.builder()
                    .headersTopic(headersTopic)
                    .sealing(100, Duration.ofMillis(500))
                    .stateDirectory(state)
                    .build())
            .deviceSignatures(new DeviceSignatureConfig(DeviceSignaturePolicy.REQUIRE, keys))
            .build();
    long t = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    SensorPayloads genuine = aSensorMessage().site(site).device("d1").sequence(1).at(t);
    SensorPayloads forged = aSensorMessage().site(site).device("d1").sequence(2).at(t + 1_000);
    byte[] forgedBytes = forged.signedPayload(Ed25519.generate().getPrivate());

    try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry());
        MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), topics.deadLetters());
        TopicReader headers = new TopicReader(kafka.bootstrapServers(), headersTopic)) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
      publisher.publish(genuine.topic(), genuine.signedPayload(device.getPrivate()));
      publisher.publish(forged.topic(), forgedBytes);

      await().atMost(AT_MOST).until(() -> deadLetters.drain().size() == 1);
      await().atMost(AT_MOST).until(() -> headers.drain().size() == 1);
      await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == 2);

      DeadLetter dl = DeadLetterJson.decode(deadLetters.records().get(0).value());
      assertThat(dl.reason()).isEqualTo(RejectReason.INVALID_SIGNATURE);
      assertThat(dl.payload()).isEqualTo(forgedBytes);
      assertThat(readings.drain())
          .singleElement()
          .satisfies(r -> assertThat(ReadingJson.decode(r.value()).sequence()).isEqualTo(1));
      BatchHeader header = BatchHeaderJson.decode(headers.records().get(0).value());
      assertThat(header.size()).isEqualTo(1);
    }
  }
}
