package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.FreePorts;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code airtrace processor} started before its Kafka broker waits for it (retrying with backoff)
 * instead of exiting, creates its topics once the broker answers, and then processes.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class ProcessorStartsBeforeKafkaIT {
  private static final Duration PATIENCE = TestWaits.atMost(Duration.ofMinutes(2));

  @TempDir Path work;

  @Test
  void processorStartedWhileKafkaIsDownWaitsThenCreatesItsTopicsAndProcessesOnceItIsUp()
      throws Exception {
    int port = FreePorts.pick();
    String bootstrap = "127.0.0.1:" + port;
    AtomicReference<Integer> exit = new AtomicReference<>();
    Thread processor =
        new Thread(
            () ->
                exit.set(
                    new CommandLine(new ProcessorCommand())
                        .execute(
                            "--kafka-bootstrap",
                            bootstrap,
                            "--state-dir",
                            work.resolve("processor").toString(),
                            "--application-id",
                            TestWaits.uniqueName("early-processor"),
                            "--topic-partitions",
                            "1",
                            "--no-verify-forecasts")),
            "processor-under-test");
    processor.start();
    try {
      // Longer than one attempt (TopicAdmin.ATTEMPT_TIMEOUT): it has failed at least once and
      // is still waiting rather than exiting.
      await()
          .during(TopicAdmin.ATTEMPT_TIMEOUT.plusSeconds(1))
          .atMost(TopicAdmin.ATTEMPT_TIMEOUT.plusSeconds(30))
          .until(() -> processor.isAlive() && exit.get() == null);

      try (KafkaService kafka =
          KafkaService.start(
              KafkaService.Options.defaults().withDataDir(work.resolve("kafka")).withPort(port))) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
          await()
              .atMost(PATIENCE)
              .until(
                  () ->
                      admin
                          .listTopics()
                          .names()
                          .get()
                          .containsAll(
                              List.of(
                                  Topics.READINGS.name(), Topics.PROCESSOR_DEAD_LETTERS.name())));
        }
        byte[] garbage = "not a reading".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
          producer.send(new ProducerRecord<>(Topics.READINGS.name(), garbage)).get();
        }
        // Bad input becomes a dead letter: proof that the processor runs on the late broker.
        List<String> deadLetters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                Map.<String, Object>of(
                    "bootstrap.servers",
                    bootstrap,
                    "group.id",
                    TestWaits.uniqueName("dlq-reader"),
                    "auto.offset.reset",
                    "earliest",
                    "isolation.level",
                    "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
          consumer.subscribe(List.of(Topics.PROCESSOR_DEAD_LETTERS.name()));
          await()
              .atMost(PATIENCE)
              .until(
                  () -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                      deadLetters.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                    return !deadLetters.isEmpty();
                  });
        }
        assertThat(deadLetters).hasSize(1);
        assertThat(exit.get()).as("the processor is still running").isNull();
      } finally {
        processor.interrupt(); // ends the command's wait; it closes the Streams app
        processor.join(TestWaits.atMost(Duration.ofSeconds(60)).toMillis());
      }
    } finally {
      processor.interrupt();
    }
  }
}
