package dev.airtrace.processor;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.topics.gateway.ReadingJson;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes the raw value of a readings-topic record. A reading passes on with the record timestamp
 * set to its event time, so every window downstream works in event time whatever timestamp the
 * producer set; bytes that are not a reading become a {@link RejectReason#UNDECODABLE_RECORD} dead
 * letter carrying the record's Kafka coordinates and original bytes.
 *
 * <p>The key (device id) is passed on unchanged. Stateless; Kafka Streams creates one instance per
 * task and calls it from one thread.
 */
final class DecodeReadingProcessor
    implements Processor<String, byte[], String, Routed<SourcedReading>> {
  private ProcessorContext<String, Routed<SourcedReading>> context;

  @Override
  public void init(ProcessorContext<String, Routed<SourcedReading>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String source = source(context);
    byte[] payload = record.value() == null ? new byte[0] : record.value();
    Reading reading;
    Set<Quantity> failedQc;
    try {
      // one parse for the reading and its QC flags; from here on the reading travels decoded
      ReadingJson.ReadingAndQc decoded = ReadingJson.decodeWithQc(record.value());
      reading = decoded.reading();
      failedQc = SourcedReading.failedQc(decoded.qc());
    } catch (CodecException e) {
      context.forward(record.withValue(reject(record.key(), source, payload, e.getMessage())));
      return;
    } catch (RuntimeException e) {
      // A decoder bug must not stop the application: the record is kept in the dead-letter topic
      // with the exception, and can be replayed once the decoder is fixed.
      context.forward(record.withValue(reject(record.key(), source, payload, e.toString())));
      return;
    }
    context.forward(
        record
            .withValue(Routed.accept(new SourcedReading(reading, source, payload, failedQc)))
            .withTimestamp(reading.eventTime()));
  }

  private Routed<SourcedReading> reject(String key, String source, byte[] payload, String detail) {
    return Routed.reject(
        new DeadLetter(
            RejectReason.UNDECODABLE_RECORD,
            detail == null ? "undecodable record" : detail,
            source,
            payload,
            DeviceId.isValid(key) ? key : null,
            context.applicationId(),
            context.currentSystemTimeMs()));
  }

  static String source(ProcessingContext context) {
    return context.recordMetadata().map(DecodeReadingProcessor::source).orElse("kafka:unknown");
  }

  private static String source(RecordMetadata m) {
    return DeadLetter.kafkaSource(m.topic(), m.partition(), m.offset());
  }
}
