package dev.airtrace.bench;

import dev.airtrace.bench.baseline.BareBridge;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayStatus;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.integrity.AckAfterSeal;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.models.EdgeModels;
import dev.airtrace.gateway.models.FaultEventConfig;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.outbox.OutboxStatus;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Load harness: MQTT → Kafka throughput of the edge gateway against {@link BareBridge}, side by
 * side on the same mosquitto and Kafka broker, with the same payloads (the simulator's fleet, valid
 * readings only), QoS 1. Rounds alternate bridge, gateway, bridge, gateway, ... so drift in the
 * machine's load hits both; the report gives each round and the median rates and their ratio.
 *
 * <p>A round publishes N messages as fast as the broker acknowledges them and ends when the subject
 * has handed all N to Kafka and Kafka acknowledged them (the gateway also acknowledges MQTT only
 * then). Run: {@code ./mvnw -q -pl benchmarks -am install -DskipTests && java -cp
 * "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.GatewayThroughput [messages] [rounds] [warm-up rounds]}; the warm-up rounds
 * (default 1) let the JIT settle and are not counted.
 *
 * <p>A fourth argument holds comma-separated flags: {@code no-integrity} turns Merkle batching off;
 * {@code models} turns the anomaly detector on (model {@code anomaly-ae} from the repository named
 * by {@code -Dairtrace.models}, default {@code models/repository}, on the CPU), and each gateway
 * round then also reports the detector's cost per scored value, its runs and mean batch; {@code
 * outbox} adds a third subject per round, the gateway with its disk outbox (default settings, fresh
 * directory), after the gateway without it ({@code --no-outbox}, acknowledging after Kafka). An
 * outbox round ends when Kafka acknowledged every record the outbox holds (backlog 0), not when
 * MQTT was acknowledged, so all three subjects are timed to the same point: N readings in Kafka.
 * With the outbox the gateway seals its Merkle batch every worker pass and acknowledges after the
 * pass's atomic append (ack-after-seal, the default there); {@code seal-compare} adds a fourth
 * subject, the outbox with {@code --no-ack-after-seal} (batches sealed by size and age only). Each
 * outbox round prints the batches it sealed and the header bytes that adds per reading.
 */
public final class GatewayThroughput {
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(5);

  /** Whether the neighbour comparison runs beside the detector (flag {@code no-spatial}: off). */
  private static boolean spatial = true;

  private GatewayThroughput() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Set<String> flags = args.length > 3 ? Set.of(args[3].split(",")) : Set.of();
    boolean integrity = !flags.contains("no-integrity");
    boolean models = flags.contains("models");
    spatial = !flags.contains("no-spatial");
    boolean outbox = flags.contains("outbox") || flags.contains("seal-compare");
    boolean sealCompare = flags.contains("seal-compare");
    List<PlannedMessage> load = load(messages);
    try (KafkaService kafka = KafkaService.start();
        MosquittoService mosquitto = MosquittoService.launch()) {
      List<Double> bridge = new ArrayList<>();
      List<Double> gateway = new ArrayList<>();
      List<Double> withOutbox = new ArrayList<>();
      List<Double> noSeal = new ArrayList<>();
      for (int round = 1 - warmups; round <= rounds; round++) {
        String bareTopic = "bench.bare." + (round + warmups);
        kafka.createTopics(3, bareTopic);
        double b = bareRound(kafka, mosquitto, load, bareTopic);
        if (round >= 1) {
          bridge.add(b);
        }
        GatewayTopics topics =
            new GatewayTopics(
                "bench.readings." + (round + warmups),
                "bench.aggregates." + (round + warmups),
                "bench.dlq." + (round + warmups));
        kafka.createTopics(3, topics.readings(), topics.aggregates(), topics.deadLetters());
        double g =
            gatewayRound(
                kafka, mosquitto, load, topics, round + warmups, integrity, models, false, null);
        double o = Double.NaN;
        if (outbox) {
          GatewayTopics ot =
              new GatewayTopics(
                  "bench.ob.readings." + (round + warmups),
                  "bench.ob.aggregates." + (round + warmups),
                  "bench.ob.dlq." + (round + warmups));
          kafka.createTopics(3, ot.readings(), ot.aggregates(), ot.deadLetters());
          o =
              gatewayRound(
                  kafka,
                  mosquitto,
                  load,
                  ot,
                  round + warmups,
                  integrity,
                  models,
                  true,
                  AckAfterSeal.WITH_OUTBOX);
        }
        double n = Double.NaN;
        if (sealCompare) {
          GatewayTopics nt =
              new GatewayTopics(
                  "bench.ns.readings." + (round + warmups),
                  "bench.ns.aggregates." + (round + warmups),
                  "bench.ns.dlq." + (round + warmups));
          kafka.createTopics(3, nt.readings(), nt.aggregates(), nt.deadLetters());
          n =
              gatewayRound(
                  kafka,
                  mosquitto,
                  load,
                  nt,
                  round + warmups,
                  integrity,
                  models,
                  true,
                  AckAfterSeal.NEVER);
        }
        if (round < 1) {
          System.out.printf(
              Locale.ROOT,
              "warm-up: bare bridge %.0f msg/s, gateway %.0f msg/s, with outbox %.0f msg/s%n",
              b,
              g,
              o);
          continue;
        }
        gateway.add(g);
        if (outbox) {
          withOutbox.add(o);
        }
        if (sealCompare) {
          noSeal.add(n);
        }
        System.out.printf(
            Locale.ROOT,
            "round %d: bare bridge %.0f msg/s, gateway %.0f msg/s (ratio %.2f)%s%s%n",
            round,
            b,
            g,
            g / b,
            outbox
                ? String.format(Locale.ROOT, ", with outbox %.0f msg/s (ratio %.2f)", o, o / b)
                : "",
            sealCompare
                ? String.format(
                    Locale.ROOT,
                    ", outbox without ack-after-seal %.0f msg/s (ratio %.2f)",
                    n,
                    n / b)
                : "");
      }
      double mb = median(bridge);
      double mg = median(gateway);
      System.out.printf(
          Locale.ROOT,
          "RESULT messages=%d rounds=%d integrity=%s models=%s bare_bridge_median=%.0f msg/s"
              + " gateway_median=%.0f msg/s ratio=%.2f%n",
          messages,
          rounds,
          integrity ? "on" : "off",
          models ? "on" : "off",
          mb,
          mg,
          mg / mb);
      if (outbox) {
        double mo = median(withOutbox);
        System.out.printf(
            Locale.ROOT,
            "RESULT outbox_median=%.0f msg/s ratio_to_bridge=%.2f ratio_to_gateway=%.2f%n",
            mo,
            mo / mb,
            mo / mg);
      }
      if (sealCompare) {
        double mn = median(noSeal);
        System.out.printf(
            Locale.ROOT,
            "RESULT outbox_no_ack_after_seal_median=%.0f msg/s ratio_to_bridge=%.2f"
                + " ack_after_seal_over_no_ack_after_seal=%.2f%n",
            mn,
            mn / mb,
            median(withOutbox) / mn);
      }
    }
  }

  /** Valid readings only, so both subjects hand exactly N records to Kafka. */
  static List<PlannedMessage> load(int messages) {
    int devices = 100;
    Duration interval = Duration.ofMinutes(1);
    int hours = Math.max(1, (int) Math.ceil(messages / (double) devices / 60.0));
    SimulatorConfig config =
        SimulatorConfig.builder(SimulatorConfig.startHoursBefore(Instant.now(), hours + 1))
            .namespace("bench")
            .fleet(4, devices / 4, hours)
            .interval(interval)
            .faults(FaultMix.none())
            .build();
    List<PlannedMessage> all = new Simulator(config).plan().expectedAccepted();
    return all.subList(0, Math.min(messages, all.size()));
  }

  private static double bareRound(
      KafkaService kafka, MosquittoService mosquitto, List<PlannedMessage> load, String topic)
      throws Exception {
    try (BareBridge bridge =
        new BareBridge(mosquitto.serverUri(), kafka.bootstrapServers(), topic, 2_048)) {
      return publishAndTime(mosquitto, load, "bench-pub-bare-" + topic, bridge::produced);
    }
  }

  private static double gatewayRound(
      KafkaService kafka,
      MosquittoService mosquitto,
      List<PlannedMessage> load,
      GatewayTopics topics,
      int round,
      boolean integrity,
      boolean models,
      boolean outbox,
      AckAfterSeal ackAfterSeal)
      throws Exception {
    Path state = Files.createTempDirectory("bench-gw-state");
    String id =
        (outbox ? (ackAfterSeal == AckAfterSeal.NEVER ? "bench-gwn-" : "bench-gwo-") : "bench-gw-")
            + round;
    GatewayConfig config =
        GatewayConfig.builder(new GatewayId(id), mosquitto.serverUri(), kafka.bootstrapServers())
            .topics(topics)
            .integrity(
                integrity
                    ? IntegrityConfig.builder()
                        .headersTopic("bench.headers." + id)
                        .stateDirectory(state)
                        .ackAfterSeal(
                            ackAfterSeal == null
                                ? IntegrityConfig.DEFAULT_ACK_AFTER_SEAL
                                : ackAfterSeal)
                        .build()
                    : IntegrityConfig.disabled())
            .models(models ? modelsOn(kafka, id) : ModelsConfig.defaults())
            .outbox(
                outbox
                    ? OutboxConfig.builder().directory(state.resolve("outbox")).build()
                    : OutboxConfig.disabled())
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EdgeGateway gateway = EdgeGateway.create(config, registry)) {
      gateway.start();
      // The clock starts only once the gateway is subscribed (its status says connected then);
      // the bare bridge subscribes before its constructor returns.
      long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
      while (!gateway.snapshot().mqttConnected()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("gateway did not connect");
        }
        Thread.sleep(5);
      }
      double rate =
          publishAndTime(
              mosquitto,
              load,
              "bench-pub-gw-" + round,
              () -> {
                GatewayStatus s = gateway.snapshot();
                OutboxStatus o = s.outbox();
                boolean inKafka = s.inFlight() == 0 && (o == null || o.backlogRecords() == 0);
                return inKafka ? s.accepted() : 0;
              });
      if (integrity && outbox) {
        double batches =
            registry
                .get("airtrace.gateway.batches.sealed")
                .tag("gateway", id)
                .functionCounter()
                .count();
        int header = headerRecordBytes(id);
        System.out.printf(
            Locale.ROOT,
            "  %s (%s): %.0f batches sealed for %d readings (%.1f readings per batch), header"
                + " record %d bytes (key + value): %.1f header bytes per reading%n",
            id,
            ackAfterSeal,
            batches,
            load.size(),
            load.size() / Math.max(1, batches),
            header,
            batches * header / load.size());
      }
      if (models) {
        EdgeModels m = gateway.models();
        System.out.printf(
            Locale.ROOT,
            "  detector (%s, %s): %d values in %d runs (mean batch %.1f values), %.2f us per"
                + " value, %.1f us per reading, %d anomalies, %d failures%n",
            m.backend().map(b -> b.token()).orElse("none"),
            String.join(",", m.modelIds()),
            m.observations(),
            m.detectorRuns(),
            m.observations() / (double) Math.max(1, m.detectorRuns()),
            m.detectorNanos() / 1e3 / Math.max(1, m.observations()),
            m.detectorNanos() / 1e3 / load.size(),
            m.anomalies(),
            m.detectorFailures());
      }
      return rate;
    }
  }

  /**
   * Bytes of one batch-header record (key {@code <gatewayId>:<seq>} + value) as the gateway writes
   * it: a signed header for a batch with a 6-digit seq; the size barely depends on the batch.
   */
  static int headerRecordBytes(String gatewayId) {
    long t = Instant.now().toEpochMilli();
    BatchHeader header =
        BatchHeader.unsigned(new GatewayId(gatewayId), 100_000, new byte[32], 10, t, t)
            .sign(Ed25519.generate().getPrivate());
    return (gatewayId + ":" + header.seq()).length() + BatchHeaderJson.encode(header).length;
  }

  /** Anomaly detection with the repository's anomaly-ae on the CPU, events to a fresh topic. */
  private static ModelsConfig modelsOn(KafkaService kafka, String gatewayId) {
    String anomalies = "bench.anomalies." + gatewayId;
    kafka.createTopics(3, anomalies);
    return ModelsConfig.builder()
        .anomalyEnabled(true)
        .anomaliesTopic(anomalies)
        .repository(
            Path.of(System.getProperty("airtrace.models", "models/repository")), Duration.ZERO)
        .inference(InferenceConfig.cpu())
        .faultEvents(FaultEventConfig.defaults().withSpatial(spatial))
        .build();
  }

  /** Publishes the load and returns messages per second until {@code done} reaches N. */
  private static double publishAndTime(
      MosquittoService mosquitto, List<PlannedMessage> load, String clientId, LongSupplier done)
      throws Exception {
    try (MqttPublisher publisher =
        MqttClients.publisher(
            MqttPublisherConfig.defaults(MqttEndpoint.of(mosquitto.serverUri()), clientId))) {
      publisher.start();
      if (!publisher.awaitConnected(Duration.ofSeconds(30))) {
        throw new IllegalStateException("publisher did not connect");
      }
      long start = System.nanoTime();
      for (PlannedMessage m : load) {
        publisher.publish(m.topic(), m.payload());
      }
      long deadline = start + ROUND_TIMEOUT.toNanos();
      while (done.getAsLong() < load.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "round did not finish: " + done.getAsLong() + " of " + load.size());
        }
        Thread.sleep(2);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return load.size() / seconds;
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
