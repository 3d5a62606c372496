package dev.airtrace.gateway.quality;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.quality.QcEngine;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcResult;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.gateway.QcMark;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The gateway's QC step: runs the {@link QcEngine} on every value of every accepted reading, per
 * device and quantity, and turns each result into the {@link QcMark} the reading carries on the
 * readings topic. Causal: a reading's flags depend only on it and on earlier readings of its
 * series; the one test that needs the next reading (spike) reports its verdict on the previous
 * reading in {@link QcMark#previousSpike()}. State is constant per series (docs/quality.md).
 *
 * <p>PurpleAir-type readings (both {@code pm2_5_cf1_a} and {@code pm2_5_cf1_b}) also get the A/B
 * agreement test; its flag applies to both channels and to the {@code pm2_5} derived from them.
 *
 * <p>Not thread-safe: the gateway's worker thread owns it.
 */
public final class ReadingQc {
  private final QcEngine engine;
  private final long[] counts = new long[10]; // by QARTOD code

  /** A QC step with the given configuration (which must be enabled). */
  public ReadingQc(QualityConfig config) {
    Objects.requireNonNull(config, "config");
    if (!config.enabled()) {
      throw new IllegalArgumentException("QC is disabled; the gateway creates no ReadingQc");
    }
    this.engine = new QcEngine(config.qc());
  }

  /**
   * Flags every value of {@code reading}, in the reading's quantity order.
   *
   * @return one mark per value
   */
  public List<QcMark> flag(Reading reading) {
    String device = reading.deviceId().value();
    QcFlag ab = abFlag(reading.values());
    Map<Quantity, Double> values = reading.values();
    List<QcMark> marks = new ArrayList<>(values.size());
    // keySet + get, not entrySet: entry iteration over the unmodifiable EnumMap allocates two
    // objects per value; the order is the same.
    for (Quantity q : values.keySet()) {
      QcResult r = engine.observe(device, q, reading.eventTime(), values.get(q));
      if (ab != null
          && (q == Quantity.PM2_5_CF1_A || q == Quantity.PM2_5_CF1_B || q == Quantity.PM2_5)) {
        r = r.withAbAgreement(ab);
      }
      Set<QcTest> raisedBy = r.raisedBy();
      Map<QcTest, QcFlag> raised = Map.of(); // most values pass: no map to build
      if (!raisedBy.isEmpty()) {
        raised = new EnumMap<>(QcTest.class);
        for (QcTest t : raisedBy) {
          raised.put(t, r.flag(t));
        }
      }
      QcFlag previousSpike = r.previousSpike().raised() ? r.previousSpike() : QcFlag.NOT_EVALUATED;
      QcMark mark = new QcMark(q, r.aggregate(), raised, previousSpike);
      counts[mark.flag().code()]++;
      marks.add(mark);
    }
    return marks;
  }

  /** How many values got the aggregate flag {@code flag} since the gateway started. */
  public long count(QcFlag flag) {
    return counts[flag.code()];
  }

  private QcFlag abFlag(Map<Quantity, Double> values) {
    Double a = values.get(Quantity.PM2_5_CF1_A);
    Double b = values.get(Quantity.PM2_5_CF1_B);
    return a == null || b == null ? null : engine.abAgreement(a, b);
  }
}
