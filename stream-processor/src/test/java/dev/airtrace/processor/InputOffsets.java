package dev.airtrace.processor;

import dev.airtrace.localstack.KafkaService;
import dev.airtrace.topics.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Makes a fresh processor application start at the current end of the readings topic. The test
 * broker is shared: readings other tests left behind would otherwise be processed first and move
 * the task's stream time, so that this test's readings arrive "late". Committing the end offsets
 * for the application's consumer group before it starts is what an operator does with {@code
 * kafka-consumer-groups --reset-offsets --to-latest}.
 */
final class InputOffsets {
  private InputOffsets() {}

  static void startAtEnd(KafkaService kafka, String applicationId)
      throws ExecutionException, InterruptedException, TimeoutException {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      String topic = Topics.READINGS.name();
      Map<TopicPartition, OffsetSpec> latest =
          admin
              .describeTopics(java.util.List.of(topic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .stream()
              .collect(
                  Collectors.toMap(
                      p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      Map<TopicPartition, OffsetAndMetadata> ends =
          admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
              .collect(
                  Collectors.toMap(
                      Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
      admin.alterConsumerGroupOffsets(applicationId, ends).all().get(30, TimeUnit.SECONDS);
    }
  }
}
