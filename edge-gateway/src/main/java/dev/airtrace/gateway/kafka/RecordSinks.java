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
}
