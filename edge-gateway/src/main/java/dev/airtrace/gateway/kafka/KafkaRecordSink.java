package dev.airtrace.gateway.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RecordSink} on one idempotent {@link KafkaProducer}. Threading as in {@link RecordSink};
 * the producer itself is thread-safe.
 */
final class KafkaRecordSink implements RecordSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSink.class);

  private final Producer<String, byte[]> producer;

  KafkaRecordSink(KafkaOutputConfig config) {
    this.producer = new KafkaProducer<>(config.toProperties());
    LOG.info(
        "Kafka producer {} for {} (idempotent, acks=all, {} compression, linger {})",
        config.clientId(),
        config.bootstrapServers(),
        config.compression().kafkaName(),
        config.linger());
  }

  @Override
  public void send(String topic, String key, byte[] value, Callback callback) {
    try {
      producer.send(
          new ProducerRecord<>(topic, key, value),
          (metadata, exception) -> callback.onCompletion(exception));
    } catch (KafkaException | IllegalStateException e) {
      throw new RecordSinkException("cannot hand a record for " + topic + " to Kafka: " + e, e);
    }
  }

  @Override
  public void send(
      String topic, String key, byte[] value, Map<String, byte[]> headers, Callback callback) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    headers.forEach((name, bytes) -> record.headers().add(name, bytes));
    try {
      producer.send(record, (metadata, exception) -> callback.onCompletion(exception));
    } catch (KafkaException | IllegalStateException e) {
      throw new RecordSinkException("cannot hand a record for " + topic + " to Kafka: " + e, e);
    }
  }

  @Override
  public void flush() {
    try {
      producer.flush();
    } catch (KafkaException e) {
      // An InterruptException has already re-set the thread's interrupt flag.
      throw new RecordSinkException("flushing the Kafka producer failed: " + e, e);
    }
  }

  @Override
  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
