package dev.airtrace.gateway.outbox;

import dev.airtrace.gateway.kafka.KafkaOutputConfig;
import dev.airtrace.gateway.kafka.RecordSinks;
import dev.airtrace.gateway.outbox.rocksdb.RocksOutboxLogs;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The child process of {@link OutboxCrashIT}: an outbox in {@code args[0]} forwarding to the Kafka
 * broker {@code args[1]}, topic {@code args[2]}, that appends {@code args[3]} records {@code r0,
 * r1, ...} in small batches and prints {@code ACK <i>} once record i's callback completed (the
 * moment the gateway would acknowledge MQTT). Run with {@code -Dairtrace.fault=<point>:halt@<n>} it
 * dies at that point; otherwise it exits 0 once Kafka has everything.
 */
public final class OutboxCrashChild {
  private OutboxCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String bootstrap = args[1];
    String topic = args[2];
    int n = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    OutboxSink outbox =
        OutboxSink.open(
            OutboxConfig.defaults(),
            "crash",
            RocksOutboxLogs.open(dir),
            () -> RecordSinks.kafka(KafkaOutputConfig.defaults(bootstrap, "crash-child")),
            Clock.systemUTC(),
            new SimpleMeterRegistry(),
            Tags.empty());
    for (int i = 0; i < n; i++) {
      int index = i;
      outbox.send(
          topic,
          "d" + (i % 3),
          ("r" + i).getBytes(StandardCharsets.UTF_8),
          failure -> {
            if (failure == null) {
              synchronized (out) {
                out.println("ACK " + index);
              }
            }
          });
      if (i % 10 == 9) {
        outbox.flush(); // batches of 10: several append passes, fsyncs and deletes
      }
    }
    outbox.flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (outbox.status().backlogRecords() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    outbox.close(Duration.ofSeconds(5));
    out.println("DONE");
  }
}
