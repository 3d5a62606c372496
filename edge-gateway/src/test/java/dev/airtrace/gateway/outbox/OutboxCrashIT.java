package dev.airtrace.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.gateway.kafka.KafkaOutputConfig;
import dev.airtrace.gateway.kafka.RecordSinks;
import dev.airtrace.gateway.outbox.rocksdb.RocksOutboxLogs;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.localstack.TestWaits;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outbox durability against a crash at every phase of append and forward: a child JVM ({@link
 * OutboxCrashChild}) appends 60 records through a real Kafka broker and is halted ({@code
 * Runtime.halt(137)}, like {@code kill -9}) at a fault point; then the outbox is reopened in this
 * JVM and drained. Every record the child acknowledged must be in Kafka, nothing that was never
 * appended may appear, and the reopened outbox must read cleanly.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class OutboxCrashIT {
  private static final Duration AT_MOST = TestWaits.atMost(Duration.ofSeconds(90));
  private static final int RECORDS = 60;

  @TempDir Path tmp;
  private final KafkaService kafka = Services.kafka();

  @ParameterizedTest(name = "halt at {0}")
  @ValueSource(
      strings = {
        "outbox.before-append:halt@3",
        "outbox.after-write:halt@3",
        "outbox.after-fsync:halt@3",
        "outbox.after-ack:halt@3",
        "outbox.after-send:halt@1",
        "outbox.mid-delete:halt@1"
      })
  void shouldLoseNoAcknowledgedRecordWhenKilledAt(String fault) throws Exception {
    String topic = TestWaits.uniqueName("it.outbox-crash");
    kafka.createTopics(1, topic);
    Path dir = tmp.resolve("outbox");

    ChildRun run = runChild(fault, dir, topic);

    assertThat(run.exitCode).as("child exit (halted)").isEqualTo(FaultPoints.HALT_STATUS);
    // Reopen and drain in this JVM: the log must read cleanly.
    try (OutboxSink outbox =
        OutboxSink.open(
            OutboxConfig.defaults(),
            "crash-recovery",
            RocksOutboxLogs.open(dir),
            () -> RecordSinks.kafka(KafkaOutputConfig.defaults(kafka.bootstrapServers(), "rec")),
            Clock.systemUTC(),
            new SimpleMeterRegistry(),
            Tags.empty())) {
      await().atMost(AT_MOST).until(() -> outbox.status().backlogRecords() == 0);
      assertThat(outbox.failure()).isEmpty();
    }
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
      await().atMost(AT_MOST).until(() -> values(reader.drain()).containsAll(run.acknowledged));
      Set<String> delivered = values(reader.drain());
      Set<String> appendable = new HashSet<>();
      for (int i = 0; i < RECORDS; i++) {
        appendable.add("r" + i);
      }
      assertThat(run.acknowledged).isNotEmpty();
      assertThat(delivered).containsAll(run.acknowledged).isSubsetOf(appendable);
    }
  }

  private static Set<String> values(
      List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
    Set<String> out = new HashSet<>();
    records.forEach(r -> out.add(new String(r.value(), StandardCharsets.UTF_8)));
    return out;
  }

  private record ChildRun(int exitCode, Set<String> acknowledged) {}

  private ChildRun runChild(String fault, Path dir, String topic) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-D" + FaultPoints.PROPERTY + "=" + fault);
    cmd.add(OutboxCrashChild.class.getName());
    cmd.add(dir.toString());
    cmd.add(kafka.bootstrapServers());
    cmd.add(topic);
    cmd.add(Integer.toString(RECORDS));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(false)
            .redirectError(tmp.resolve("child.err").toFile())
            .start();
    Set<String> acked = new HashSet<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add("r" + line.substring(4).trim());
        }
      }
    }
    if (!p.waitFor(AT_MOST.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child did not finish");
    }
    return new ChildRun(p.exitValue(), acked);
  }
}
