package dev.airtrace.gateway.kafka;

import org.apache.kafka.common.KafkaException;

/** Creates record sinks; keeps the Kafka implementation package-private. */
public final class RecordSinks {
  private RecordSinks() {}

  /**
   * An idempotent Kafka producer with {@code config}. It connects lazily, on the first record.
   *
   * @throws RecordSinkException if Kafka rejects the configuration
   */
  public static RecordSink kafka(KafkaOutputConfig config) {
    try {
      return new KafkaRecordSink(config);
    } catch (KafkaException e) {
      throw new RecordSinkException("cannot create the Kafka producer: " + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code topic} with the broker's default partitions and replication unless it exists,
   * for topics the gateway owns that operators may not have created (the batch-header topic).
   * Blocks up to {@code timeout}.
   *
   * @return why the topic could not be ensured, or empty if it exists now
   */
  public static java.util.Optional<String> ensureTopic(
      KafkaOutputConfig config, String topic, java.time.Duration timeout) {
    return java.util.Optional.ofNullable(KafkaTopicCreator.ensure(config, topic, timeout));
  }
}
