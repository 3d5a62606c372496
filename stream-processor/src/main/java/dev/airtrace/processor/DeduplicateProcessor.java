package dev.airtrace.processor;

import dev.airtrace.core.Reading;
import java.time.Duration;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a reading whose (device, sequence) pair was already seen within the de-duplication
 * retention (event time). Duplicates are counted in the {@value #METRIC_OPERATION}-total metric and
 * logged at debug, not dead-lettered: the gateway already dead-letters the duplicates it sees, and
 * what reaches this point is a re-delivery (producer retry after a gateway crash, a replayed
 * outbox) of a reading that is already in the pipeline.
 *
 * <p>Relies on the input being keyed by device id, so every copy of a reading lands in the same
 * partition and task. One instance per task, called from one thread.
 */
final class DeduplicateProcessor
    implements Processor<String, SourcedReading, String, SourcedReading> {
  static final String METRIC_SCOPE = "airtrace-processor";
  static final String METRIC_OPERATION = "duplicate-readings";

  private static final Logger LOG = LoggerFactory.getLogger(DeduplicateProcessor.class);

  private final String storeName;
  private final long retentionMs;
  private ProcessorContext<String, SourcedReading> context;
  private WindowStore<String, Long> seen;
  private Sensor duplicates;

  DeduplicateProcessor(String storeName, Duration retention) {
    this.storeName = storeName;
    this.retentionMs = retention.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, SourcedReading> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
    this.duplicates =
        context
            .metrics()
            .addRateTotalSensor(
                METRIC_SCOPE, "deduplicate", METRIC_OPERATION, Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, SourcedReading> record) {
    Reading r = record.value().reading();
    String key = key(r);
    long t = r.eventTime();
    // The same pair with another event time (a device reusing a sequence number) is a duplicate
    // too, so look across the whole retention on both sides.
    try (WindowStoreIterator<Long> it =
        seen.fetch(key, Math.max(0, t - retentionMs), saturatedAdd(t, retentionMs))) {
      if (it.hasNext()) {
        duplicates.record();
        LOG.debug(
            "dropping duplicate reading {} from {} (first seen at event time {})",
            key,
            record.value().source(),
            it.next().value);
        return;
      }
    }
    seen.put(key, t, t);
    context.forward(record);
  }

  /** '#' is not allowed in device ids, so the key is unambiguous. */
  static String key(Reading r) {
    return r.deviceId().value() + "#" + r.sequence();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
