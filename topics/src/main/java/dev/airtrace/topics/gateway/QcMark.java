package dev.airtrace.topics.gateway;

import dev.airtrace.core.Quantity;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway's QARTOD quality flags on one value of a reading, as written next to the reading on
 * the readings topic ({@code "qc"}). Like an {@link dev.airtrace.core.AnomalyMark} it is derived
 * data (from the device's recent history and configurable limits), not a measurement, so it is not
 * part of the reading's Merkle leaf: a re-flagged reading keeps its proof (docs/integrity.md).
 * Immutable.
 *
 * <p>A value without a mark was not evaluated (flag 2): old records and gateways that run without
 * QC decode that way.
 *
 * @param quantity the flagged value's quantity
 * @param flag the aggregate flag of the value (QARTOD 1 pass, 2 not evaluated, 3 suspect, 4 fail, 9
 *     missing)
 * @param raisedBy the tests that flagged the value suspect or fail, each with its flag (3 or 4);
 *     empty when none did
 * @param previousSpike the spike test's late verdict on the series' previous reading (3 or 4),
 *     decided with this one; {@link QcFlag#NOT_EVALUATED} when it did not raise one (see {@link
 *     dev.airtrace.quality.QcResult#previousSpike()})
 */
public record QcMark(
    Quantity quantity, QcFlag flag, Map<QcTest, QcFlag> raisedBy, QcFlag previousSpike) {
  public QcMark {
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(previousSpike, "previousSpike");
    raisedBy = raisedBy.isEmpty() ? NONE_RAISED : copyRaised(raisedBy);
    if (previousSpike != QcFlag.NOT_EVALUATED && !previousSpike.raised()) {
      throw new IllegalArgumentException(
          "previousSpike is suspect, fail or not evaluated, but was " + previousSpike);
    }
  }

  /**
   * The {@link #raisedBy} of a value no test flagged, shared: most values pass, and the gateway
   * builds a mark for every value (issue #13 profile: QcMark was 2.4 % of allocated bytes).
   */
  private static final Map<QcTest, QcFlag> NONE_RAISED =
      Collections.unmodifiableMap(new EnumMap<>(QcTest.class));

  private static Map<QcTest, QcFlag> copyRaised(Map<QcTest, QcFlag> raisedBy) {
    EnumMap<QcTest, QcFlag> copy = new EnumMap<>(QcTest.class);
    raisedBy.forEach(
        (t, f) -> {
          if (!f.raised()) {
            throw new IllegalArgumentException(
                "raisedBy holds only suspect or fail flags, but " + t.code() + " was " + f);
          }
          copy.put(t, f);
        });
    return Collections.unmodifiableMap(copy);
  }

  /** A mark with the aggregate flag only: no test raised it and no late spike verdict. */
  public static QcMark of(Quantity quantity, QcFlag flag) {
    return new QcMark(quantity, flag, Map.of(), QcFlag.NOT_EVALUATED);
  }

  /** Whether the value failed QC (flag 4): downstream averages leave it out. */
  public boolean failed() {
    return flag == QcFlag.FAIL;
  }
}
