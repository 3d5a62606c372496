package dev.airtrace.sink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An influxd outage in the middle of a stream: the task keeps retrying, Connect commits no offset
 * past what InfluxDB acknowledged, and after the restart every record is in InfluxDB exactly once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InfluxSinkOutageIT {
  private static final Duration AT_MOST = Duration.ofSeconds(30);
  private static final long T0 = SampleRecords.T0;

  @TempDir Path stateDir;

  @Test
  void shouldLoseNothingWhenInfluxdRestartsMidStream() throws Exception {
    KafkaService kafka = Services.kafka();
    String topic = "sink.it.outage." + System.nanoTime();
    String connector = "outage-" + System.nanoTime();
    kafka.createTopics(2, topic);

    try (InfluxService influx = InfluxService.launch();
        Admin admin = admin(kafka);
        StandaloneSinkWorker worker =
            StandaloneSinkWorker.start(options(kafka, influx, topic, connector, stateDir))) {
      produce(kafka, topic, 0, 50);
      await().atMost(AT_MOST).until(() -> count(influx) == 50);
      await().atMost(AT_MOST).until(() -> committed(admin, connector) == 50);

      influx.stop();
      produce(kafka, topic, 50, 100);

      // The task retries (RetriableException) instead of failing, and no offset moves past what
      // InfluxDB acknowledged.
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> worker.status().isRunning() && committed(admin, connector) == 50);

      influx.restart();

      await().atMost(AT_MOST).until(() -> count(influx) == 100);
      await().atMost(AT_MOST).until(() -> committed(admin, connector) == 100);
      assertThat(
              InfluxRows.query(
                  influx, "outage", "SELECT count(v) AS n, sum(v) AS total FROM readings"))
          .containsExactly(Map.of("time", "1970-01-01T00:00:00Z", "n", 100.0, "total", 2475.0));
      assertThat(
              InfluxRows.query(
                  influx,
                  "outage",
                  "SELECT v FROM readings WHERE device='dev-3' AND time = " + (T0 + 73_000) + "ms"))
          .containsExactly(Map.of("time", "2025-11-25T08:01:13Z", "v", 36.5));
    }
  }

  private static StandaloneSinkWorker.Options options(
      KafkaService kafka, InfluxService influx, String topic, String connector, Path stateDir) {
    return new StandaloneSinkWorker.Options(
        kafka.bootstrapServers(),
        stateDir,
        connector,
        Map.ofEntries(
            Map.entry("connector.class", InfluxSinkConnector.class.getName()),
            Map.entry("topics", topic),
            Map.entry(InfluxSinkConfig.URL, influx.url()),
            Map.entry(InfluxSinkConfig.DATABASE, "outage"),
            Map.entry(InfluxSinkConfig.LINGER_MS, "100"),
            Map.entry(InfluxSinkConfig.RETRY_BACKOFF_MS, "200"),
            Map.entry(InfluxSinkConfig.HTTP_TIMEOUT_MS, "2000"),
            Map.entry(InfluxSinkConfig.MAPPING_PRESET, InfluxSinkConfig.PRESET_NONE),
            Map.entry(InfluxSinkConfig.MAPPINGS, "r"),
            Map.entry("influx.mapping.r.topic", topic),
            Map.entry("influx.mapping.r.measurement", "readings"),
            Map.entry("influx.mapping.r.time", "t"),
            Map.entry("influx.mapping.r.tags", "device")),
        Duration.ofMillis(500),
        StandaloneSinkWorker.Options.DEFAULT_REST_LISTENER,
        StandaloneSinkWorker.Options.DEFAULT_START_TIMEOUT);
  }

  /** Record i: device dev-(i % 5), time T0 + i s, v = i / 2. */
  private static void produce(KafkaService kafka, String topic, int from, int to) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = from; i < to; i++) {
        String device = "dev-" + (i % 5);
        String json =
            "{\"device\":\""
                + device
                + "\",\"t\":"
                + (T0 + i * 1000L)
                + ",\"v\":"
                + (i / 2.0)
                + "}";
        producer.send(new ProducerRecord<>(topic, device, json));
      }
      producer.flush();
    }
  }

  private static long count(InfluxService influx) {
    List<Map<String, Object>> rows =
        InfluxRows.query(influx, "outage", "SELECT count(v) FROM readings");
    return rows.isEmpty() ? 0 : Math.round((Double) rows.get(0).get("count"));
  }

  private static long committed(Admin admin, String connector) throws Exception {
    Map<?, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets("connect-" + connector)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    return offsets.values().stream()
        .filter(o -> o != null)
        .mapToLong(OffsetAndMetadata::offset)
        .sum();
  }

  private static Admin admin(KafkaService kafka) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return Admin.create(p);
  }
}
