package dev.airtrace.faults;

import static org.awaitility.Awaitility.await;

import dev.airtrace.cli.AirtraceCli;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real processes of one scenario: a Kafka broker process, the gateway and processor as CLI JVMs
 * ({@code dev.airtrace.cli.AirtraceCli gateway|processor}), against an MQTT broker the scenario
 * chooses. Every process logs under {@code target/fault-runs/<scenario>/}; the logs stay for
 * inspection. Not thread-safe; one per test class.
 */
final class FaultStack implements AutoCloseable {
  private static final Duration GATEWAY_START = Duration.ofSeconds(90);

  private static KafkaBroker shared; // guarded by FaultStack.class

  private final Path dir;
  private final KafkaBroker kafka;
  private final boolean ownsKafka;
  private final List<ChildJvm> children = new ArrayList<>();
  private int launches;

  private FaultStack(Path dir, KafkaBroker kafka, boolean ownsKafka) {
    this.dir = dir;
    this.kafka = kafka;
    this.ownsKafka = ownsKafka;
  }

  /**
   * A stack with its own Kafka broker process, for scenarios that kill the broker or need topics of
   * their own shape.
   */
  static FaultStack start(String scenario) {
    Path dir = scenarioDir(scenario);
    KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka")).start();
    return new FaultStack(dir, kafka, true);
  }

  /**
   * A stack on the Kafka broker process shared by every scenario of this JVM that leaves the broker
   * alone (started on first use, stopped when the JVM exits): each broker start costs 5-15 s of the
   * module's CI budget. Scenarios keep apart by their namespace (device ids, MQTT topics).
   */
  static FaultStack onSharedKafka(String scenario) {
    Path dir = scenarioDir(scenario);
    synchronized (FaultStack.class) {
      if (shared == null) {
        Path kafkaDir =
            Path.of("target", "fault-runs", TestWaits.uniqueName("shared-kafka-")).toAbsolutePath();
        shared = new KafkaBroker(kafkaDir).start();
        KafkaBroker broker = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-kafka-stop"));
      }
      return new FaultStack(dir, shared, false);
    }
  }

  private static Path scenarioDir(String scenario) {
    Path dir =
        Path.of("target", "fault-runs", TestWaits.uniqueName(scenario + "-")).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  KafkaBroker kafka() {
    return kafka;
  }

  Path dir() {
    return dir;
  }

  /**
   * Starts {@code airtrace gateway} as a child JVM and waits until its status line says it is
   * connected to MQTT. The gateway id names its persistent MQTT session and its state directory, so
   * a restart with the same id resumes both.
   */
  ChildJvm startGateway(String gatewayId, String mqttUri, String... extraArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "gateway",
                "--gateway-id",
                gatewayId,
                "--mqtt-uri",
                mqttUri,
                "--kafka-bootstrap",
                kafka.bootstrapServers(),
                "--state-dir",
                dir.resolve("gateway-state-" + gatewayId).toString(),
                "--no-anomaly",
                "--status-interval",
                "1s"));
    args.addAll(List.of(extraArgs));
    ChildJvm gateway = launch("gateway", args);
    await("gateway connected to MQTT")
        .atMost(TestWaits.atMost(GATEWAY_START))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!gateway.isAlive()) {
                throw new IllegalStateException("the gateway exited:\n" + gateway.logTail(4_000));
              }
              return gateway.logContains("mqtt=up");
            });
    return gateway;
  }

  /** Starts {@code airtrace processor} (exactly-once v2) as a child JVM; returns at once. */
  ChildJvm startProcessor(String applicationId, String... extraArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "processor",
                "--kafka-bootstrap",
                kafka.bootstrapServers(),
                "--application-id",
                applicationId,
                "--state-dir",
                dir.resolve("processor-state-" + applicationId).toString()));
    args.addAll(List.of(extraArgs));
    return launch("processor", args);
  }

  /** A started MQTT publisher (QoS 1) for the scenario's devices. */
  static MqttPublisher publisher(String mqttUri, String clientId) {
    MqttPublisher publisher =
        MqttClients.publisher(MqttPublisherConfig.defaults(MqttEndpoint.of(mqttUri), clientId));
    publisher.start();
    return publisher;
  }

  private ChildJvm launch(String name, List<String> args) {
    launches++;
    ChildJvm jvm =
        ChildJvm.start(
            name,
            "512m",
            AirtraceCli.class.getName(),
            args,
            dir,
            dir.resolve(name + "-" + launches + ".log"));
    children.add(jvm);
    return jvm;
  }

  /** Stops every child (SIGTERM, then SIGKILL) and an own broker; keeps the logs. */
  @Override
  public void close() {
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).close();
    }
    if (ownsKafka) {
      kafka.close();
    }
  }
}
