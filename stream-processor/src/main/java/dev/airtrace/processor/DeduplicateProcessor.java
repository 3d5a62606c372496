package dev.airtrace.processor;

import dev.airtrace.core.Reading;
import dev.airtrace.core.validation.CounterResetRule;
import java.time.Duration;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a reading whose (device, sequence) pair was already seen in the same counter epoch within
 * the de-duplication retention (event time), and lets a restarted device's readings through.
 *
 * <p>Counter resets follow the one definition in {@link CounterResetRule} (shared with the
 * gateway): a sequence number not above the device's high-water mark, stamped later than the
 * device's latest accepted reading by more than the tolerance, starts a new counter epoch. Per
 * device the epoch store keeps the current epoch's high-water mark, latest event time and start
 * time (none for the first epoch seen); the pair store keeps (device#sequence → event time) for
 * every accepted reading. A reading of the current epoch (event time at or after the epoch's start)
 * is a duplicate only if its pair was seen in the current epoch; a reading stamped before the start
 * belongs to an earlier epoch and is a duplicate if its pair was seen before the start. A replay
 * keeps its event time, so it is compared against the epoch it came from.
 *
 * <p>Duplicates are counted in the {@value #METRIC_OPERATION}-total metric and counter resets in
 * {@value #RESET_OPERATION}-total (both in group {@code stream-processor-node-metrics}, exported
 * with the Kafka Streams metrics), not dead-lettered: the gateway already dead-letters the
 * duplicates it sees, and what reaches this point is a re-delivery (producer retry after a gateway
 * crash, a replayed outbox) of a reading that is already in the pipeline.
 *
 * <p>Relies on the input being keyed by device id, so every copy of a reading lands in the same
 * partition and task. One instance per task, called from one thread.
 */
final class DeduplicateProcessor
    implements Processor<String, SourcedReading, String, SourcedReading> {
  static final String METRIC_SCOPE = "airtrace-processor";
  static final String METRIC_OPERATION = "duplicate-readings";
  static final String RESET_OPERATION = "counter-resets";

  private static final Logger LOG = LoggerFactory.getLogger(DeduplicateProcessor.class);

  private final String pairStoreName;
  private final String epochStoreName;
  private final long retentionMs;
  private final CounterResetRule resets;
  private ProcessorContext<String, SourcedReading> context;
  private WindowStore<String, Long> seen;
  private KeyValueStore<String, CounterEpoch> epochs;
  private Sensor duplicates;
  private Sensor resetSensor;

  DeduplicateProcessor(
      String pairStoreName, String epochStoreName, Duration retention, CounterResetRule resets) {
    this.pairStoreName = pairStoreName;
    this.epochStoreName = epochStoreName;
    this.retentionMs = retention.toMillis();
    this.resets = resets;
  }

  @Override
  public void init(ProcessorContext<String, SourcedReading> context) {
    this.context = context;
    this.seen = context.getStateStore(pairStoreName);
    this.epochs = context.getStateStore(epochStoreName);
    this.duplicates =
        context
            .metrics()
            .addRateTotalSensor(
                METRIC_SCOPE, "deduplicate", METRIC_OPERATION, Sensor.RecordingLevel.INFO);
    this.resetSensor =
        context
            .metrics()
            .addRateTotalSensor(
                METRIC_SCOPE, "deduplicate", RESET_OPERATION, Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, SourcedReading> record) {
    Reading r = record.value().reading();
    String device = r.deviceId().value();
    String key = key(r);
    long seq = r.sequence();
    long t = r.eventTime();
    CounterEpoch epoch = epochs.get(device);
    if (epoch == null) {
      epochs.put(device, CounterEpoch.first(seq, t));
    } else if (resets.startsNewEpoch(epoch.high(), epoch.latestMs(), seq, t)) {
      resetSensor.record();
      LOG.info(
          "device {} restarted its counter: seq {} at event time {} after seq {} at {}",
          device,
          seq,
          t,
          epoch.high(),
          epoch.latestMs());
      epochs.put(device, CounterEpoch.startingAt(seq, t));
    } else {
      // Compare only against the pairs of the epoch the reading belongs to. Within one epoch the
      // same pair with another event time (a device reusing a number) is a duplicate too, so look
      // across the whole retention on both sides.
      boolean current = t >= epoch.startMs();
      if (current && seq > epoch.high()) {
        // Fast path, the common case (a device counting up): every pair stored for the current
        // epoch was accepted into it, so its sequence is at most the epoch's high-water mark; a
        // sequence above it cannot have been seen in this epoch, and the store fetch (a RocksDB
        // range iterator per reading, about 4 % of the stream thread under JFR) would find
        // nothing.
        epochs.put(device, epoch.accept(seq, t));
        seen.put(key, t, t);
        context.forward(record);
        return;
      }
      long from = Math.max(0, t - retentionMs);
      long to = saturatedAdd(t, retentionMs);
      if (current) {
        from = Math.max(from, epoch.startMs());
      } else {
        to = Math.min(to, epoch.startMs() - 1);
      }
      if (from <= to) {
        try (WindowStoreIterator<Long> it = seen.fetch(key, from, to)) {
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
      }
      if (current) {
        epochs.put(device, epoch.accept(seq, t));
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
