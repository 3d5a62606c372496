package dev.airtrace.quality;

import java.util.Objects;

/**
 * The streaming QC state of one series (one device, one quantity): the last two readings and the
 * current flat run, about 60 bytes, and constant work per reading. Readings are delivered in time
 * order; the result of a reading never depends on a later one, except the spike verdict, which is
 * the one test QARTOD defines with a neighbour on each side and which therefore arrives one reading
 * late ({@link QcResult#previousSpike()}).
 *
 * <p>A missing reading ({@code NaN}) is flagged {@link QcFlag#MISSING} by every test and does not
 * enter the state, so it neither starts nor breaks a flat line and the spike test of its neighbours
 * skips it. A reading older than the series' newest is {@link QcFlag#NOT_EVALUATED} by every test
 * and leaves the state untouched as well.
 *
 * <p>Not thread-safe: one owner thread per series (the gateway's worker).
 */
public final class SeriesQc {
  private static final double ROUNDING = 1e-9;
  private final QuantityQc limits;
  private int seen;
  private double last;
  private double beforeLast;
  private long lastMillis;
  private double runMin;
  private double runMax;
  private long runStartMillis;

  /** A fresh series with the given limits. */
  public SeriesQc(QuantityQc limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Runs every configured test on one reading and updates the state.
   *
   * @param eventTimeMillis when the value was measured, epoch milliseconds
   * @param value the value in the quantity's canonical unit; {@code NaN} (or infinite) = missing
   * @return the reading's flags; its spike flag is {@code NOT_EVALUATED} and {@link
   *     QcResult#previousSpike()} carries the spike verdict of the previous reading
   */
  public QcResult observe(long eventTimeMillis, double value) {
    if (!Double.isFinite(value)) {
      return QcResult.all(QcFlag.MISSING);
    }
    if (seen > 0 && eventTimeMillis < lastMillis) {
      // A late reading (store-and-forward, a replayed outbox) cannot be judged against history
      // that is newer than it, and must not rewind that history: not evaluated, state untouched.
      return QcResult.all(QcFlag.NOT_EVALUATED);
    }
    QcFlag[] f = new QcFlag[QcTest.values().length];
    f[QcTest.GROSS_RANGE.ordinal()] =
        limits.grossRange() == null ? QcFlag.NOT_EVALUATED : limits.grossRange().test(value);
    f[QcTest.CLIMATOLOGY.ordinal()] =
        limits.climatology() == null
            ? QcFlag.NOT_EVALUATED
            : limits.climatology().test(eventTimeMillis, value);
    f[QcTest.SPIKE.ordinal()] = QcFlag.NOT_EVALUATED;
    f[QcTest.RATE_OF_CHANGE.ordinal()] =
        limits.rateOfChange() == null || seen < 1
            ? QcFlag.NOT_EVALUATED
            : limits.rateOfChange().test(last, value, eventTimeMillis - lastMillis);
    f[QcTest.FLAT_LINE.ordinal()] = flatLine(eventTimeMillis, value);
    f[QcTest.AB_AGREEMENT.ordinal()] = QcFlag.NOT_EVALUATED;
    QcFlag previousSpike =
        limits.spike() == null || seen < 2
            ? QcFlag.NOT_EVALUATED
            : limits.spike().test(beforeLast, last, value);
    beforeLast = last;
    last = value;
    lastMillis = eventTimeMillis;
    seen = Math.min(seen + 1, 2);
    return new QcResult(f, previousSpike);
  }

  /**
   * Extends or restarts the flat run (readings whose spread max − min stays within the tolerance)
   * and judges its length. The first reading of a run is never flagged: a run needs a duration.
   */
  private QcFlag flatLine(long t, double value) {
    FlatLineLimits fl = limits.flatLine();
    if (fl == null) {
      return QcFlag.NOT_EVALUATED;
    }
    if (seen == 0) {
      startRun(t, value);
      return QcFlag.NOT_EVALUATED;
    }
    double min = Math.min(runMin, value);
    double max = Math.max(runMax, value);
    // decimal readings such as 20.1 - 20.0 are not exact in binary: allow the rounding error
    if (max - min > fl.tolerance() + ROUNDING * Math.max(1, Math.abs(max))) {
      startRun(t, value);
      return QcFlag.PASS;
    }
    runMin = min;
    runMax = max;
    return fl.test(t - runStartMillis);
  }

  private void startRun(long t, double value) {
    runMin = value;
    runMax = value;
    runStartMillis = t;
  }
}
