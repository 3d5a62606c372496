package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.gateway.GatewayStatus.State;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.FreePorts;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.topics.BackfillField;
import dev.airtrace.topics.RecordHeaders;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox on real processes: a Kafka broker of its own (stopped and restarted on the same port
 * and data directory) and the shared mosquitto. While Kafka is down the gateway keeps acknowledging
 * MQTT and the backlog grows on disk; when Kafka returns, nothing is lost, live readings are not
 * held behind the backlog, and the backlog arrives marked as backfill (header and value field).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OutboxIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(90));

  @TempDir Path tmp;
  private final String mqttUri = Services.mosquitto().serverUri();
  private final String ns = uniqueName("ob");
  private final String site = ns + "-site";
  private KafkaService kafka;

  @AfterEach
  void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldAcknowledgeThroughAKafkaOutageAndDeliverEverythingLiveFirstAfterIt() throws Exception {
    int[] ports = FreePorts.pick(2);
    KafkaService.Options options =
        new KafkaService.Options(
            tmp.resolve("kafka"), ports[0], ports[1], KafkaService.Options.DEFAULT_START_TIMEOUT);
    kafka = KafkaService.start(options);
    GatewayTopics topics = Integration.createTopics(kafka, ns, 1);
    GatewayConfig base =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics).build();
    GatewayConfig config =
        base.toBuilder()
            // short producer timeouts: the outage is noticed in seconds, not minutes
            .kafka(
                base.kafka().toBuilder()
                    .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(2))
                    .build())
            .outbox(
                OutboxConfig.builder()
                    .directory(tmp.resolve("outbox"))
                    .backfillRate(10)
                    .backfillAfter(Duration.ofSeconds(2))
                    .retryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                    .build())
            .build();

    try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry());
        MqttPublisher publisher = Integration.publisher(mqttUri, ns)) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
      long t0 = System.currentTimeMillis() - 60_000;

      publish(publisher, 0, 50, t0);
      await().atMost(AT_MOST).until(() -> gateway.snapshot().outbox().forwarded() >= 50);

      kafka.close(); // the outage
      kafka = null;
      publish(publisher, 50, 150, t0);
      // by readings accepted, not acknowledgements: the publisher may send some messages twice
      // (QoS 1 resend on its connect), and the gateway acknowledges and dead-letters those copies
      await().atMost(AT_MOST).until(() -> allAcknowledged(gateway.snapshot(), 150));
      GatewayStatus during = gateway.snapshot();
      assertThat(during.state()).isEqualTo(State.RUNNING);
      assertThat(during.outbox().backlogRecords()).isGreaterThanOrEqualTo(100);
      await().atMost(AT_MOST).until(() -> !gateway.snapshot().outbox().linkUp());

      kafka = KafkaService.start(options); // back, same port and data
      await()
          .atMost(AT_MOST)
          .until(() -> gateway.snapshot().outbox().forwarded() > during.outbox().forwarded());
      // Outlast the producer's delivery timeout (4 s): every send made during the outage has
      // resolved, so no late failure turns the next readings into backfill.
      await()
          .pollDelay(Duration.ofSeconds(5))
          .atMost(AT_MOST)
          .until(() -> gateway.snapshot().outbox().linkUp());
      publish(publisher, 150, 200, t0);

      await().atMost(AT_MOST).until(() -> gateway.snapshot().outbox().backlogRecords() == 0);
      assertThat(allAcknowledged(gateway.snapshot(), 200)).isTrue();
      assertThat(gateway.snapshot().state()).isEqualTo(State.RUNNING);
      assertThat(gateway.failure()).isEmpty();

      try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.readings())) {
        await().atMost(AT_MOST).until(() -> distinct(reader.drain()).size() == 200);
        List<ConsumerRecord<String, byte[]>> records = reader.records();
        Map<Long, Long> firstOffset = new HashMap<>();
        Map<Long, Boolean> backfill = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          long seq = ReadingJson.decode(r.value()).sequence();
          firstOffset.putIfAbsent(seq, r.offset());
          boolean header = r.headers().lastHeader(RecordHeaders.BACKFILL) != null;
          backfill.putIfAbsent(seq, header);
          // the value carries the marker too, exactly when the header does
          assertThat(BackfillField.isMarked(r.value()))
              .as("field of seq %d", seq)
              .isEqualTo(header);
        }
        // 0 lost
        assertThat(firstOffset.keySet()).hasSize(200);
        // sent before the outage: live; published after Kafka returned: live and not held
        // behind the backlog (at 10 records/s the backlog of ~100 takes ~10 s)
        for (long s = 0; s < 50; s++) {
          assertThat(backfill.get(s)).as("seq %d", s).isFalse();
        }
        for (long s = 150; s < 200; s++) {
          assertThat(backfill.get(s)).as("seq %d", s).isFalse();
        }
        long lastLive = 0;
        for (long s = 150; s < 200; s++) {
          lastLive = Math.max(lastLive, firstOffset.get(s));
        }
        long lastBackfill =
            firstOffset.entrySet().stream()
                .filter(e -> backfill.get(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .max()
                .orElseThrow();
        assertThat(lastLive).isLessThan(lastBackfill);
        // the outage's readings arrive, most of them marked
        long marked = backfill.values().stream().filter(b -> b).count();
        assertThat(marked).isGreaterThanOrEqualTo(50);
      }
    }
  }

  private void publish(MqttPublisher publisher, int from, int to, long t0)
      throws InterruptedException {
    for (int seq = from; seq < to; seq++) {
      SensorPayloads p = aSensorMessage().site(site).device("d1").sequence(seq).at(t0 + seq * 100L);
      publisher.publish(p.topic(), p.payload());
    }
    assertThat(publisher.awaitDelivered(AT_MOST)).isTrue();
  }

  /** {@code readings} distinct readings accepted and every message received acknowledged. */
  private static boolean allAcknowledged(GatewayStatus s, long readings) {
    return s.accepted() == readings && s.acked() == s.received();
  }

  private static java.util.Set<Long> distinct(List<ConsumerRecord<String, byte[]>> records) {
    java.util.Set<Long> seqs = new java.util.HashSet<>();
    records.forEach(r -> seqs.add(ReadingJson.decode(r.value()).sequence()));
    return seqs;
  }
}
