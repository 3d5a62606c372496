package dev.airtrace.processor;

import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.topics.processor.SiteHourly;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Hourly per-site means in event time, per site, with revisions. Replaces a windowed aggregate
 * whose grace is measured against the Streams task's stream time (shared by every site of a
 * partition, and jumped ahead by whichever input partition is fastest during a catch-up).
 *
 * <ul>
 *   <li><b>Site clock.</b> {@code site-event-time-store} keeps, per site, the newest event time
 *       seen (the site's high-water mark). Only the site's own readings move it.
 *   <li><b>Horizon.</b> A reading more than {@code lateHorizon} behind its site's high-water mark
 *       is a dead letter {@link RejectReason#LATE_BEYOND_GRACE} (source and original bytes kept);
 *       every other reading is added to its hour.
 *   <li><b>Buckets.</b> {@code site-hours-store} keeps one {@link HourBucket} per site and hour
 *       (key {@code site/<hour>}, ordered by hour) until the hour has ended more than {@code
 *       lateHorizon} before the site's high-water mark.
 *   <li><b>First publication</b> (revision 0) when the site's high-water mark passes the hour's end
 *       plus {@code settle} (the window grace): the live timing of the windowed aggregate.
 *   <li><b>Revisions.</b> A reading for an hour that is already closed marks it dirty; dirty closed
 *       hours are published again, revision + 1, every {@code revisionInterval} of wall-clock time
 *       (so a backfill of thousands of readings gives a few revisions, not thousands), and before
 *       an hour expires. Dirty flags are in the store, so a restart publishes what a crash left
 *       pending.
 * </ul>
 *
 * <p>Input is keyed by site id (after the repartition), so one task owns a site. Record timestamps
 * are event times; output records are stamped with the hour's last millisecond (end − 1 ms), an
 * event time inside the hour whichever reading triggered the publication. One instance per task,
 * called from one thread.
 */
final class SiteHourlyProcessor
    implements Processor<String, SourcedReading, String, Routed<SiteHourly>> {
  static final long HOUR_MS = ProcessorConfig.HOURLY_WINDOW.toMillis();

  /** Metric (rate and total) of revisions published. */
  static final String METRIC_REVISIONS = "hourly-revisions";

  private final String bucketStoreName;
  private final String clockStoreName;
  private final long settleMs;
  private final long horizonMs;
  private final Duration revisionInterval;
  private ProcessorContext<String, Routed<SiteHourly>> context;
  private KeyValueStore<String, HourBucket> buckets;
  private KeyValueStore<String, Long> clocks;
  private Sensor revisions;

  /**
   * Most buckets this processor holds decoded: every reading updates its site's open hour, and
   * reading that bucket back from the store decodes it again (about 6 % of the stream thread under
   * JFR). One open hour per site, plus the previous one during the grace, so 1,024 covers 500 sites
   * per task; a bucket not held is read from the store as before.
   */
  static final int DECODED_BUCKETS = 1024;

  /**
   * The buckets last written, decoded; a write-through copy of the store's values (every write goes
   * to the store first), so it never holds what the store does not. Cleared in {@link #init}: a
   * task that is revived after an aborted transaction restores its store and starts empty here.
   */
  private final Map<String, HourBucket> decoded =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HourBucket> eldest) {
          return size() > DECODED_BUCKETS;
        }
      };

  /** Keys of closed, dirty buckets to publish at the next punctuation; rebuilt from the store. */
  private final TreeSet<String> pending = new TreeSet<>();

  SiteHourlyProcessor(
      String bucketStoreName,
      String clockStoreName,
      Duration settle,
      Duration lateHorizon,
      Duration revisionInterval) {
    this.bucketStoreName = bucketStoreName;
    this.clockStoreName = clockStoreName;
    this.settleMs = settle.toMillis();
    this.horizonMs = lateHorizon.toMillis();
    this.revisionInterval = revisionInterval;
  }

  @Override
  public void init(ProcessorContext<String, Routed<SiteHourly>> context) {
    this.context = context;
    this.buckets = context.getStateStore(bucketStoreName);
    this.clocks = context.getStateStore(clockStoreName);
    decoded.clear();
    this.revisions =
        context
            .metrics()
            .addRateTotalSensor(
                DeduplicateProcessor.METRIC_SCOPE,
                "hourly-aggregate",
                METRIC_REVISIONS,
                Sensor.RecordingLevel.INFO);
    try (KeyValueIterator<String, HourBucket> it = buckets.all()) {
      while (it.hasNext()) {
        KeyValue<String, HourBucket> e = it.next();
        Long highWater = clocks.get(siteOf(e.key));
        if (e.value.dirty() && highWater != null && isClosed(hourOf(e.key), highWater)) {
          pending.add(e.key);
        }
      }
    }
    context.schedule(revisionInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishPending());
  }

  @Override
  public void process(Record<String, SourcedReading> record) {
    String site = record.key();
    long t = record.timestamp();
    Long before = clocks.get(site);
    long highWater = before == null ? t : Math.max(before, t);
    if (t < highWater - horizonMs) {
      context.forward(record.withValue(Routed.reject(beyondHorizon(record.value(), highWater))));
      return;
    }
    long hour = Math.floorDiv(t, HOUR_MS) * HOUR_MS;
    String key = key(site, hour);
    HourBucket bucket = bucket(key);
    if (bucket == null) {
      bucket = HourBucket.empty();
    }
    bucket.accumulator().add(record.value().reading(), record.value().failedQc());
    put(key, new HourBucket(bucket.accumulator(), bucket.published(), true));
    if (isClosed(hour, highWater)) {
      pending.add(key);
    }
    if (before == null || highWater > before) {
      clocks.put(site, highWater);
      if (before != null) {
        advance(site, before, highWater);
      }
    }
  }

  @Override
  public void close() {
    pending.clear();
    decoded.clear();
  }

  /** Publishes the hours that closed and drops those that expired when the site clock moved. */
  private void advance(String site, long before, long highWater) {
    long closedBefore = closedUntil(before);
    long closedNow = closedUntil(highWater);
    if (closedNow > closedBefore) {
      // Hours whose end is in (closedBefore, closedNow] closed with this reading.
      for (KeyValue<String, HourBucket> e : range(site, closedBefore, closedNow - HOUR_MS)) {
        if (e.value.dirty()) {
          publish(e.key, e.value);
        }
      }
    }
    long expiredBefore = Math.floorDiv(before - horizonMs, HOUR_MS) * HOUR_MS;
    long expiredNow = Math.floorDiv(highWater - horizonMs, HOUR_MS) * HOUR_MS;
    if (expiredNow > expiredBefore) {
      // Hours ending at or before highWater - horizon can receive no more readings.
      for (KeyValue<String, HourBucket> e : range(site, Long.MIN_VALUE, expiredNow - HOUR_MS)) {
        if (e.value.dirty()) {
          publish(e.key, e.value);
        }
        buckets.delete(e.key);
        decoded.remove(e.key);
        pending.remove(e.key);
      }
    }
  }

  private void publishPending() {
    List<String> keys = new ArrayList<>(pending);
    pending.clear();
    for (String key : keys) {
      HourBucket b = bucket(key);
      if (b != null && b.dirty()) {
        publish(key, b);
      }
    }
  }

  private void publish(String key, HourBucket b) {
    String site = siteOf(key);
    long hour = hourOf(key);
    int revision = b.nextRevision();
    SiteHourly h = b.accumulator().toSiteHourly(site, hour, hour + HOUR_MS).withRevision(revision);
    if (h.quantities().isEmpty()) {
      // Every value of the hour failed QC: like an hour without readings it has no record (the
      // readings and their flags stay on the readings topic); a later good reading publishes it.
      return;
    }
    put(key, new HourBucket(b.accumulator(), revision, false));
    pending.remove(key);
    if (revision > 0) {
      revisions.record();
    }
    context.forward(new Record<>(site, Routed.accept(h), hour + HOUR_MS - 1));
  }

  /** The bucket of {@code key}: the decoded copy if held, else the store's value (or null). */
  private HourBucket bucket(String key) {
    HourBucket b = decoded.get(key);
    return b != null ? b : buckets.get(key);
  }

  /** Writes the store, then holds the decoded bucket. */
  private void put(String key, HourBucket b) {
    buckets.put(key, b);
    decoded.put(key, b);
  }

  private List<KeyValue<String, HourBucket>> range(String site, long fromHour, long toHour) {
    List<KeyValue<String, HourBucket>> out = new ArrayList<>();
    if (toHour < fromHour) {
      return out;
    }
    try (KeyValueIterator<String, HourBucket> it =
        buckets.range(key(site, fromHour), key(site, toHour))) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /** Whether the hour starting at {@code hour} is closed when the site clock reads {@code t}. */
  private boolean isClosed(long hour, long t) {
    return hour + HOUR_MS + settleMs <= t;
  }

  /** The end of the newest closed hour when the site clock reads {@code t}. */
  private long closedUntil(long t) {
    return Math.floorDiv(t - settleMs, HOUR_MS) * HOUR_MS;
  }

  /**
   * {@code site/<hour>}: the hour as 16 hex digits of its bits with the sign flipped, so that keys
   * sort by hour within a site; '/' is not a site-id character, so no site's keys fall inside
   * another's range.
   */
  static String key(String site, long hourStart) {
    // The same 16 lower-case hex digits String.format("%016x") gave, without a Formatter per
    // reading (about 2 % of the stream thread under JFR).
    String hex = Long.toHexString(hourStart ^ Long.MIN_VALUE);
    return site + "/" + "0".repeat(16 - hex.length()) + hex;
  }

  static String siteOf(String key) {
    return key.substring(0, key.lastIndexOf('/'));
  }

  static long hourOf(String key) {
    return Long.parseUnsignedLong(key.substring(key.lastIndexOf('/') + 1), 16) ^ Long.MIN_VALUE;
  }

  private DeadLetter beyondHorizon(SourcedReading s, long highWater) {
    Reading r = s.reading();
    return new DeadLetter(
        RejectReason.LATE_BEYOND_GRACE,
        "event time "
            + Instant.ofEpochMilli(r.eventTime())
            + " is more than the late horizon "
            + Duration.ofMillis(horizonMs)
            + " behind the newest reading of site "
            + r.siteId()
            + " ("
            + Instant.ofEpochMilli(highWater)
            + ")",
        s.source(),
        s.payload(),
        r.deviceId().value(),
        context.applicationId(),
        context.currentSystemTimeMs());
  }
}
