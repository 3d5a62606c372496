package dev.airtrace.processor;

import dev.airtrace.core.Reading;
import dev.airtrace.core.validation.CounterResetRule;
import java.time.Duration;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a reading whose (device, sequence) pair was already seen in the same counter epoch within
 * the de-duplication retention (event time), and lets a restarted device's readings through.
 *
 * <p>Counter resets follow the one definition in {@link CounterResetRule} (shared with the
 * gateway): a sequence number not above the device's high-water mark, stamped later than the
 * device's latest accepted reading by more than the tolerance, starts a new counter epoch. All the
 * state of a device is one value of a cached key-value store ({@link DeviceDedupState}): the
 * current epoch's high-water mark, latest event time and start time (none for the first epoch
 * seen), and the sequence numbers seen as intervals ({@link SequenceIntervals}), one set for the
 * current epoch and one for the earlier ones. A reading of the current epoch (event time at or
 * after the epoch's start) is a duplicate only if its number was seen in the current epoch; a
 * reading stamped before the start belongs to an earlier epoch and is a duplicate if its number was
 * seen before the start. A replay keeps its event time, so it is compared against the epoch it came
 * from.
 *
 * <p>Why one value per device: the previous version kept one window-store entry per reading, so
 * every reading cost a RocksDB put and a changelog record. A device counting up is one interval
 * whatever its rate, and with the store's record cache the changelog receives one record per device
 * per commit.
 *
 * <p>Memory stays bounded: intervals whose newest reading is more than the retention older than the
 * device's latest reading are dropped on every update, and each set keeps at most {@code
 * maxIntervals} (a device losing every other reading would otherwise grow one interval per
 * reading); beyond that the interval with the oldest newest reading is dropped and counted in
 * {@value #EVICTED_OPERATION}-total. A dropped interval can only let a duplicate through, never
 * drop a reading.
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
  static final String EVICTED_OPERATION = "dedup-intervals-evicted";

  /**
   * Default cap on the sequence intervals kept per device and set (current epoch, earlier epochs):
   * 512 intervals of 32 bytes, at most 32 KB of state per device.
   */
  static final int DEFAULT_MAX_INTERVALS = 512;

  private static final Logger LOG = LoggerFactory.getLogger(DeduplicateProcessor.class);

  private final String storeName;
  private final long retentionMs;
  private final CounterResetRule resets;
  private final int maxIntervals;
  private ProcessorContext<String, SourcedReading> context;
  private KeyValueStore<String, DeviceDedupState> devices;
  private Sensor duplicates;
  private Sensor resetSensor;
  private Sensor evicted;

  DeduplicateProcessor(String storeName, Duration retention, CounterResetRule resets) {
    this(storeName, retention, resets, DEFAULT_MAX_INTERVALS);
  }

  DeduplicateProcessor(
      String storeName, Duration retention, CounterResetRule resets, int maxIntervals) {
    if (maxIntervals < 1) {
      throw new IllegalArgumentException("maxIntervals must be >= 1 but was " + maxIntervals);
    }
    this.storeName = storeName;
    this.retentionMs = retention.toMillis();
    this.resets = resets;
    this.maxIntervals = maxIntervals;
  }

  @Override
  public void init(ProcessorContext<String, SourcedReading> context) {
    this.context = context;
    this.devices = context.getStateStore(storeName);
    this.duplicates = sensor(context, METRIC_OPERATION);
    this.resetSensor = sensor(context, RESET_OPERATION);
    this.evicted = sensor(context, EVICTED_OPERATION);
  }

  private static Sensor sensor(ProcessorContext<?, ?> context, String operation) {
    return context
        .metrics()
        .addRateTotalSensor(METRIC_SCOPE, "deduplicate", operation, Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, SourcedReading> record) {
    Reading r = record.value().reading();
    String device = r.deviceId().value();
    long seq = r.sequence();
    long t = r.eventTime();
    DeviceDedupState state = devices.get(device);
    if (state == null) {
      devices.put(device, DeviceDedupState.first(seq, t));
      context.forward(record);
      return;
    }
    CounterEpoch epoch = state.epoch();
    if (resets.startsNewEpoch(epoch.high(), epoch.latestMs(), seq, t)) {
      resetSensor.record();
      LOG.info(
          "device {} restarted its counter: seq {} at event time {} after seq {} at {}",
          device,
          seq,
          t,
          epoch.high(),
          epoch.latestMs());
      state.startEpoch(seq, t);
      forget(device, state, t - retentionMs, maxIntervals);
      devices.put(device, state);
      context.forward(record);
      return;
    }
    boolean current = t >= epoch.startMs();
    // Fast path, the common case (a device counting up): every number of the current epoch's set
    // is at most the epoch's high-water mark, so a sequence above it cannot have been seen.
    if (!(current && seq > epoch.high())) {
      // Compare only against the numbers of the epoch the reading belongs to. Within one epoch the
      // same number with another event time (a device reusing a number) is a duplicate too, so
      // look across the whole retention on both sides.
      long from = Math.max(0, t - retentionMs);
      long to = saturatedAdd(t, retentionMs);
      if (current) {
        from = Math.max(from, epoch.startMs());
      } else {
        to = Math.min(to, epoch.startMs() - 1);
      }
      if (from <= to && (current ? state.current() : state.earlier()).seen(seq, from, to)) {
        duplicates.record();
        LOG.debug(
            "dropping duplicate reading {}#{} from {} (event time {})",
            device,
            seq,
            record.value().source(),
            t);
        return;
      }
    }
    // Forget before adding: a number must not join an interval whose other readings are already
    // beyond the retention, or the merged interval would look recent and match their replays.
    long newest = Math.max(epoch.latestMs(), t);
    state.prune(newest - retentionMs, Integer.MAX_VALUE);
    // a reading older than the retention is not remembered (as the window store of the previous
    // version did not keep an expired put)
    boolean remember = t >= newest - retentionMs;
    if (current) {
      state.acceptCurrent(seq, t, remember);
    } else if (remember) {
      state.acceptEarlier(seq, t);
    }
    forget(device, state, Long.MIN_VALUE, maxIntervals);
    devices.put(device, state);
    context.forward(record);
  }

  /**
   * Drops the intervals of {@code state} whose newest reading is older than {@code cutoffMs}, then
   * the oldest of those beyond {@code cap} per set (these counted in the evictions).
   */
  private void forget(String device, DeviceDedupState state, long cutoffMs, int cap) {
    int dropped = state.prune(cutoffMs, cap);
    if (dropped > 0) {
      evicted.record(dropped);
      LOG.debug("device {}: {} sequence intervals dropped by the cap", device, dropped);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
