package dev.airtrace.faults;

import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.FreePorts;
import dev.airtrace.localstack.KafkaBrokerMain;
import dev.airtrace.localstack.TestWaits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A single-node KRaft Kafka broker in its own JVM ({@link KafkaBrokerMain}) on ports and a data
 * directory fixed for its lifetime, so {@link #kill()} (SIGKILL) and {@link #start()} simulate a
 * broker crash and its return with its data. Not thread-safe; owned by one {@link FaultStack}.
 */
final class KafkaBroker implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(120);

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private int starts;
  private ChildJvm jvm;

  KafkaBroker(Path dir) {
    this.dir = dir;
    int[] ports = FreePorts.pick(2);
    this.port = ports[0];
    this.controllerPort = ports[1];
  }

  /** Starts the broker process and waits until it serves metadata. */
  KafkaBroker start() {
    starts++;
    jvm =
        ChildJvm.start(
            "kafka",
            "768m",
            KafkaBrokerMain.class.getName(),
            List.of(
                String.valueOf(port),
                String.valueOf(controllerPort),
                dir.resolve("data").toString()),
            dir,
            dir.resolve("kafka-" + starts + ".log"));
    ChildJvm started = jvm;
    await("Kafka broker process ready")
        .atMost(TestWaits.atMost(START))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!started.isAlive()) {
                throw new IllegalStateException(
                    "the Kafka broker exited:\n" + started.logTail(4_000));
              }
              return started.logContains(KafkaBrokerMain.READY_PREFIX);
            });
    return this;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  long pid() {
    return jvm.pid();
  }

  /** SIGKILL by PID; the data directory and ports stay for {@link #start()}. */
  void kill() {
    jvm.kill();
  }

  @Override
  public void close() {
    if (jvm != null) {
      jvm.close();
    }
  }
}
