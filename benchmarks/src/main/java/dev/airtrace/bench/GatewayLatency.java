package dev.airtrace.bench;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayStatus;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.outbox.OutboxStatus;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Latency harness: time from a sensor's MQTT publish to the reading's append in Kafka, for the
 * gateway without its outbox (acknowledging after Kafka) and with it (default settings, fresh
 * directory), on the same mosquitto and Kafka broker, rounds alternating the two subjects.
 *
 * <p>Each round publishes N valid readings at a fixed rate below the gateway's throughput (a
 * latency under saturation would only measure the queue), noting each publish's wall-clock time by
 * (device, sequence). The readings topic is created with {@code
 * message.timestamp.type=LogAppendTime}, so every record carries the broker's append time; after
 * the round a consumer reads all N back and matches them by (device, sequence). The report gives
 * p50/p99/max over all readings of a round and the medians of the rounds' p50 and p99. Publisher,
 * gateway and broker share one clock (one machine).
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am install -DskipTests && java -cp
 * "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.GatewayLatency [messages] [rate/s] [rounds]} (defaults 3,000, 200, 3; one
 * uncounted warm-up round of each subject first).
 */
public final class GatewayLatency {
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(5);

  private GatewayLatency() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<PlannedMessage> load = GatewayThroughput.load(messages);
    try (KafkaService kafka = KafkaService.start();
        MosquittoService mosquitto = MosquittoService.launch()) {
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      List<Double> p50o = new ArrayList<>();
      List<Double> p99o = new ArrayList<>();
      for (int round = 0; round <= rounds; round++) {
        long[] g = round(kafka, mosquitto, load, rate, round, false);
        long[] o = round(kafka, mosquitto, load, rate, round, true);
        System.out.printf(
            Locale.ROOT,
            "%s: without outbox p50 %d ms, p99 %d ms, max %d ms | with outbox p50 %d ms, p99 %d"
                + " ms, max %d ms%n",
            round == 0 ? "warm-up" : "round " + round,
            pct(g, 0.50),
            pct(g, 0.99),
            g[g.length - 1],
            pct(o, 0.50),
            pct(o, 0.99),
            o[o.length - 1]);
        if (round > 0) {
          p50.add((double) pct(g, 0.50));
          p99.add((double) pct(g, 0.99));
          p50o.add((double) pct(o, 0.50));
          p99o.add((double) pct(o, 0.99));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT messages=%d rate=%d/s rounds=%d latency publish->Kafka append, medians of"
              + " rounds: without outbox p50=%.0f ms p99=%.0f ms; with outbox p50=%.0f ms"
              + " p99=%.0f ms; added p99=%.0f ms%n",
          messages,
          rate,
          rounds,
          median(p50),
          median(p99),
          median(p50o),
          median(p99o),
          median(p99o) - median(p99));
    }
  }

  /** One round of one subject; returns the sorted latencies (ms) of all N readings. */
  private static long[] round(
      KafkaService kafka,
      MosquittoService mosquitto,
      List<PlannedMessage> load,
      int rate,
      int round,
      boolean outbox)
      throws Exception {
    String tag = (outbox ? "ob." : "gw.") + round;
    GatewayTopics topics =
        new GatewayTopics(
            "bench.lat.readings." + tag, "bench.lat.aggregates." + tag, "bench.lat.dlq." + tag);
    kafka.createTopics(3, topics.readings(), topics.aggregates(), topics.deadLetters());
    // The broker stamps each reading with its append time: that is the "in Kafka" instant. Set on
    // the created topic (topics are created only through local-stack / TopicProvisioner).
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.readings());
      admin
          .incrementalAlterConfigs(
              Map.of(
                  resource,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("message.timestamp.type", "LogAppendTime"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
    Path state = Files.createTempDirectory("bench-lat-state");
    String id = "bench-lat-" + tag.replace('.', '-');
    GatewayConfig config =
        GatewayConfig.builder(new GatewayId(id), mosquitto.serverUri(), kafka.bootstrapServers())
            .topics(topics)
            .integrity(
                IntegrityConfig.builder()
                    .headersTopic("bench.lat.headers." + tag)
                    .stateDirectory(state)
                    .build())
            .outbox(
                outbox
                    ? OutboxConfig.builder().directory(state.resolve("outbox")).build()
                    : OutboxConfig.disabled())
            .build();
    Map<String, Long> published = new HashMap<>(load.size() * 2);
    try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry());
        MqttPublisher publisher =
            MqttClients.publisher(
                MqttPublisherConfig.defaults(
                    MqttEndpoint.of(mosquitto.serverUri()), "bench-lat-pub-" + tag))) {
      gateway.start();
      publisher.start();
      long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
      while (!gateway.snapshot().mqttConnected() || !publisher.awaitConnected(Duration.ZERO)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("gateway or publisher did not connect");
        }
        Thread.sleep(5);
      }
      long start = System.nanoTime();
      long periodNanos = 1_000_000_000L / rate;
      for (int i = 0; i < load.size(); i++) {
        long due = start + i * periodNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        PlannedMessage m = load.get(i);
        published.put(key(m.deviceId().value(), m.sequence()), System.currentTimeMillis());
        publisher.publish(m.topic(), m.payload());
      }
      while (true) {
        GatewayStatus s = gateway.snapshot();
        OutboxStatus o = s.outbox();
        if (s.accepted() >= load.size()
            && s.inFlight() == 0
            && (o == null || o.backlogRecords() == 0)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("round did not finish: " + s.accepted());
        }
        Thread.sleep(5);
      }
    }
    return latencies(kafka, topics.readings(), published);
  }

  private static long[] latencies(KafkaService kafka, String topic, Map<String, Long> published) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    long[] out = new long[published.size()];
    int n = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic)) {
        parts.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
      while (n < out.length) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("read back " + n + " of " + out.length + " readings");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Reading reading = ReadingJson.decode(r.value());
          Long at = published.remove(key(reading.deviceId().value(), reading.sequence()));
          if (at != null) { // null: a duplicate after a retry, counted once
            out[n++] = Math.max(0, r.timestamp() - at);
          }
        }
      }
    }
    Arrays.sort(out);
    return out;
  }

  private static String key(String device, long sequence) {
    return device + '#' + sequence;
  }

  /** The value at quantile {@code q} (nearest rank) of sorted {@code xs}. */
  static long pct(long[] xs, double q) {
    int rank = (int) Math.ceil(q * xs.length);
    return xs[Math.max(0, Math.min(xs.length - 1, rank - 1))];
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
