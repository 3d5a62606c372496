package dev.airtrace.bench;

import dev.airtrace.core.GatewayId;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayStatus;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.outbox.OutboxStatus;
import dev.airtrace.localstack.FreePorts;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.simulator.PlannedMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Outbox harness, a scaled-down Kafka outage with real processes: the gateway (outbox on, default
 * settings unless said) takes {@code backlog} readings through mosquitto while no Kafka broker
 * listens on its bootstrap port, so everything it acknowledges sits in the outbox; the harness
 * reports the outbox's bytes per reading (stored size and files on disk, each reading with its
 * share of aggregates and batch headers). Then Kafka starts on that port and a fresh gateway
 * process state (same outbox directory) drains the backlog while live readings keep arriving at
 * {@code live-rate}; the harness reports the drain time and rate and how many live readings Kafka
 * took during the drain.
 *
 * <p>Run: {@code java -cp "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.OutboxDrain [backlog] [live-rate/s] [backfill-rate/s]} (defaults 30,000, 200,
 * 2,000).
 */
public final class OutboxDrain {
  private OutboxDrain() {}

  public static void main(String[] args) throws Exception {
    int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    int liveRate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int backfillRate = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    List<PlannedMessage> load = GatewayThroughput.load(backlog + liveRate * 600);
    List<PlannedMessage> outage = load.subList(0, backlog);
    List<PlannedMessage> live = load.subList(backlog, load.size());
    Path work = Files.createTempDirectory("bench-outbox");
    int[] ports = FreePorts.pick(2);
    KafkaService.Options kafkaOptions =
        new KafkaService.Options(
            work.resolve("kafka"), ports[0], ports[1], KafkaService.Options.DEFAULT_START_TIMEOUT);
    String bootstrap = "127.0.0.1:" + ports[0];
    GatewayTopics topics =
        new GatewayTopics("bench.ob.readings", "bench.ob.aggregates", "bench.ob.dlq");
    try (MosquittoService mosquitto = MosquittoService.launch()) {
      GatewayConfig config =
          GatewayConfig.builder(new GatewayId("bench-drain"), mosquitto.serverUri(), bootstrap)
              .topics(topics)
              .integrity(
                  IntegrityConfig.builder()
                      .headersTopic("bench.ob.headers")
                      .stateDirectory(work.resolve("state"))
                      .build())
              .outbox(
                  OutboxConfig.builder()
                      .directory(work.resolve("outbox"))
                      .backfillRate(backfillRate)
                      .build())
              .build();

      // 1. Kafka away: everything acknowledged lands in the outbox.
      long fillStart = System.nanoTime();
      OutboxStatus filled;
      long diskBytes;
      try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry());
          MqttPublisher publisher = publisher(mosquitto, "bench-drain-outage")) {
        gateway.start();
        waitFor(() -> gateway.snapshot().mqttConnected(), "gateway connected");
        for (PlannedMessage m : outage) {
          publisher.publish(m.topic(), m.payload());
        }
        waitFor(() -> gateway.snapshot().acked() >= backlog, "outage readings acknowledged");
        filled = gateway.snapshot().outbox();
        diskBytes = directoryBytes(work.resolve("outbox"));
      }
      double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "outage: %d readings acknowledged with Kafka down in %.1f s (%.0f/s); outbox %d records,"
              + " %d stored bytes = %.0f bytes per reading; files on disk %d bytes = %.0f bytes"
              + " per reading%n",
          backlog,
          fillSeconds,
          backlog / fillSeconds,
          filled.backlogRecords(),
          filled.backlogBytes(),
          filled.backlogBytes() / (double) backlog,
          diskBytes,
          diskBytes / (double) backlog);

      // 2. Kafka back: the backlog drains while live readings keep coming.
      try (KafkaService kafka = KafkaService.start(kafkaOptions)) {
        kafka.createTopics(3, topics.readings(), topics.aggregates(), topics.deadLetters());
        kafka.createTopics(3, "bench.ob.headers");
        try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry());
            MqttPublisher publisher = publisher(mosquitto, "bench-drain-live")) {
          long start = System.nanoTime();
          gateway.start();
          long periodNanos = 1_000_000_000L / liveRate;
          int sent = 0;
          long deadline = start + Duration.ofMinutes(10).toNanos();
          while (true) {
            GatewayStatus s = gateway.snapshot();
            OutboxStatus o = s.outbox();
            if (o.forwardedBackfill() >= filled.backlogRecords()) {
              double seconds = (System.nanoTime() - start) / 1e9;
              System.out.printf(
                  Locale.ROOT,
                  "drain: %d backlog records sent as backfill in %.1f s = %.0f records/s (%.0f"
                      + " readings/s) at backfill rate %d/s, with %d live readings published at"
                      + " %d/s during it; forwarded in all %d, live %d%n",
                  o.forwardedBackfill(),
                  seconds,
                  o.forwardedBackfill() / seconds,
                  backlog / seconds,
                  backfillRate,
                  sent,
                  liveRate,
                  o.forwarded(),
                  o.forwarded() - o.forwardedBackfill());
              break;
            }
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("drain did not finish: " + o);
            }
            long due = (System.nanoTime() - start) / periodNanos;
            while (sent < due && sent < live.size()) {
              PlannedMessage m = live.get(sent++);
              publisher.publish(m.topic(), m.payload());
            }
            Thread.sleep(1);
          }
        }
      }
    }
  }

  /** A connected publisher to {@code mosquitto}; shared with {@link OutboxFootprint}. */
  static MqttPublisher publisher(MosquittoService mosquitto, String clientId)
      throws InterruptedException {
    MqttPublisher publisher =
        MqttClients.publisher(
            MqttPublisherConfig.defaults(MqttEndpoint.of(mosquitto.serverUri()), clientId));
    publisher.start();
    if (!publisher.awaitConnected(Duration.ofSeconds(30))) {
      throw new IllegalStateException("publisher did not connect");
    }
    return publisher;
  }

  /** Polls {@code done} every 5 ms for at most 10 minutes. */
  static void waitFor(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Bytes of the regular files under {@code dir}, i.e. what the outbox takes on disk. */
  static long directoryBytes(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
