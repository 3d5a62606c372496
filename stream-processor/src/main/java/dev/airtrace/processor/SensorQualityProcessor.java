package dev.airtrace.processor;

import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.processor.SensorQuality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-sensor quality scores (docs/quality.md): per site, per hour, per device and quantity, the
 * readings received, flagged suspect or fail by the gateway's QC, marked anomalous, and the mean of
 * the values that did not fail; when the site's event time closes an hour (its end plus {@code
 * settle}), one {@link SensorQuality} per device and quantity with readings in the 24 hours ending
 * there, keyed by device.
 *
 * <ul>
 *   <li><b>State</b>: {@code sensor-quality-hours-store}, key {@code <site>|<hour, 20
 *       digits>|<device>|<quantity>}, value {@code received,suspect,fail,anomalies,count,sum}
 *       (count and sum over values that did not fail); hours older than {@link #RETENTION} before
 *       the newest closed hour are deleted, so the state is bounded by 48 entries per device and
 *       quantity. {@code sensor-quality-clock-store} keeps each site's newest event time.
 *   <li><b>Late readings</b> for an hour still kept count in the next windows that cover it; older
 *       ones are counted in the metric {@value #METRIC_TOO_LATE} and not scored (they still reach
 *       the hourly means within the processor's late horizon).
 * </ul>
 *
 * <p>Input keyed by site id (after the repartition), so one task owns a site. One instance per
 * task, called from one thread.
 */
final class SensorQualityProcessor
    implements Processor<String, SourcedReading, String, SensorQuality> {
  static final long HOUR_MS = Duration.ofHours(1).toMillis();

  /** The scoring window: 24 hours ending at a closed hour, emitted every hour. */
  static final Duration WINDOW = Duration.ofHours(24);

  /** How long hour statistics are kept behind the newest closed hour. */
  static final Duration RETENTION = Duration.ofHours(48);

  /** Metric (rate and total) of readings too late to be scored. */
  static final String METRIC_TOO_LATE = "quality-readings-too-late";

  private final String hoursStoreName;
  private final String clockStoreName;
  private final long settleMs;
  private ProcessorContext<String, SensorQuality> context;
  private KeyValueStore<String, String> hours;
  private KeyValueStore<String, Long> clocks;
  private Sensor tooLate;

  SensorQualityProcessor(String hoursStoreName, String clockStoreName, Duration settle) {
    this.hoursStoreName = hoursStoreName;
    this.clockStoreName = clockStoreName;
    this.settleMs = settle.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, SensorQuality> context) {
    this.context = context;
    this.hours = context.getStateStore(hoursStoreName);
    this.clocks = context.getStateStore(clockStoreName);
    this.tooLate =
        context
            .metrics()
            .addRateTotalSensor(
                DeduplicateProcessor.METRIC_SCOPE,
                "sensor-quality",
                METRIC_TOO_LATE,
                Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, SourcedReading> record) {
    String site = record.key();
    Reading r = record.value().reading();
    long t = r.eventTime();
    Long before = clocks.get(site);
    long highWater = before == null ? t : Math.max(before, t);
    long hour = Math.floorDiv(t, HOUR_MS) * HOUR_MS;
    if (hour < closedUntil(highWater) - RETENTION.toMillis()) {
      tooLate.record();
    } else {
      add(site, hour, r, record.value().payload());
    }
    if (before == null || highWater > before) {
      clocks.put(site, highWater);
      if (before != null) {
        long from = Math.max(closedUntil(before), closedUntil(highWater) - WINDOW.toMillis());
        for (long end = from + HOUR_MS; end <= closedUntil(highWater); end += HOUR_MS) {
          emit(site, end);
        }
      }
    }
  }

  /** The end of the newest closed hour at this high-water mark. */
  private long closedUntil(long highWater) {
    return Math.floorDiv(highWater - settleMs, HOUR_MS) * HOUR_MS;
  }

  private void add(String site, long hour, Reading r, byte[] payload) {
    Map<Quantity, QcFlag> flags = new EnumMap<>(Quantity.class);
    for (QcMark m : ReadingJson.qc(payload)) {
      flags.put(m.quantity(), m.flag());
    }
    Set<Quantity> anomalous = EnumSet.noneOf(Quantity.class);
    for (AnomalyMark a : ReadingJson.anomalies(payload)) {
      anomalous.add(a.quantity());
    }
    r.values()
        .forEach(
            (q, v) -> {
              String key = key(site, hour, r.deviceId().value(), q);
              HourStats s = HourStats.parse(hours.get(key));
              QcFlag f = flags.getOrDefault(q, QcFlag.NOT_EVALUATED);
              hours.put(
                  key,
                  s.plus(f == QcFlag.SUSPECT, f == QcFlag.FAIL, anomalous.contains(q), v).format());
            });
  }

  /** Scores every device and quantity of {@code site} with readings in [end − 24 h, end). */
  private void emit(String site, long end) {
    long start = end - WINDOW.toMillis();
    // series "device|quantity" -> hour -> stats, in key order
    Map<String, TreeMap<Long, HourStats>> series = new TreeMap<>();
    // "quantity|hour" -> device -> hourly mean of values that did not fail
    Map<String, Map<String, Double>> means = new TreeMap<>();
    try (KeyValueIterator<String, String> it =
        hours.range(prefix(site, start), prefix(site, end - HOUR_MS) + "\uffff")) {
      while (it.hasNext()) {
        KeyValue<String, String> e = it.next();
        String[] k = e.key.split("\\|");
        long h = Long.parseLong(k[1]);
        HourStats s = HourStats.parse(e.value);
        series.computeIfAbsent(k[2] + "|" + k[3], x -> new TreeMap<>()).put(h, s);
        if (s.count > 0) {
          means.computeIfAbsent(k[3] + "|" + h, x -> new TreeMap<>()).put(k[2], s.sum / s.count);
        }
      }
    }
    for (Map.Entry<String, TreeMap<Long, HourStats>> e : series.entrySet()) {
      String[] k = e.getKey().split("\\|");
      String device = k[0];
      Quantity q = Quantity.fromCode(k[1]).orElseThrow();
      long received = 0;
      long suspect = 0;
      long fail = 0;
      long anomalies = 0;
      long maxHourly = 0;
      List<Double> deviations = new ArrayList<>();
      for (Map.Entry<Long, HourStats> h : e.getValue().entrySet()) {
        HourStats s = h.getValue();
        received += s.received;
        suspect += s.suspect;
        fail += s.fail;
        anomalies += s.anomalies;
        maxHourly = Math.max(maxHourly, s.received);
        if (s.count > 0) {
          Map<String, Double> hourMeans = means.get(q.code() + "|" + h.getKey());
          double[] others =
              hourMeans.entrySet().stream()
                  .filter(m -> !m.getKey().equals(device))
                  .mapToDouble(Map.Entry::getValue)
                  .toArray();
          double d = QualityScore.deviation(s.sum / s.count, others);
          if (!Double.isNaN(d)) {
            deviations.add(d);
          }
        }
      }
      long hoursIn = (end - e.getValue().firstKey()) / HOUR_MS;
      long expected = Math.max(received, maxHourly * hoursIn);
      Double deviation =
          deviations.isEmpty()
              ? null
              : QualityScore.median(deviations.stream().mapToDouble(Double::doubleValue).toArray());
      double score = QualityScore.score(received, expected, suspect, fail, anomalies, deviation);
      context.forward(
          new Record<>(
              device,
              new SensorQuality(
                  new DeviceId(device),
                  new SiteId(site),
                  q,
                  start,
                  end,
                  received,
                  expected,
                  suspect,
                  fail,
                  anomalies,
                  deviation,
                  score),
              end - 1));
    }
    expire(site, end - RETENTION.toMillis());
  }

  /** Deletes the site's hours that start before {@code before}. */
  private void expire(String site, long before) {
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        hours.range(prefix(site, 0), prefix(site, before - HOUR_MS) + "\uffff")) {
      it.forEachRemaining(e -> old.add(e.key));
    }
    old.forEach(hours::delete);
  }

  static String prefix(String site, long hour) {
    return site + "|" + String.format("%020d", Math.max(0, hour));
  }

  static String key(String site, long hour, String device, Quantity q) {
    return prefix(site, hour) + "|" + device + "|" + q.code();
  }

  /** One hour of one series. Immutable. */
  record HourStats(long received, long suspect, long fail, long anomalies, long count, double sum) {
    static HourStats parse(String s) {
      if (s == null) {
        return new HourStats(0, 0, 0, 0, 0, 0);
      }
      String[] p = s.split(",");
      return new HourStats(
          Long.parseLong(p[0]),
          Long.parseLong(p[1]),
          Long.parseLong(p[2]),
          Long.parseLong(p[3]),
          Long.parseLong(p[4]),
          Double.parseDouble(p[5]));
    }

    HourStats plus(boolean isSuspect, boolean isFail, boolean isAnomaly, double value) {
      return new HourStats(
          received + 1,
          suspect + (isSuspect ? 1 : 0),
          fail + (isFail ? 1 : 0),
          anomalies + (isAnomaly ? 1 : 0),
          count + (isFail ? 0 : 1),
          sum + (isFail ? 0 : value));
    }

    String format() {
      return received + "," + suspect + "," + fail + "," + anomalies + "," + count + "," + sum;
    }
  }
}
