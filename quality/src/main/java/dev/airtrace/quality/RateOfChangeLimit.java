package dev.airtrace.quality;

/**
 * Rate of change test limit: a reading that moved from the previous one faster than {@code
 * suspectPerHour} (canonical unit per hour) is suspect. QARTOD's manuals set the threshold as a
 * number of standard deviations of a recent period; like ioos_qc's rate-of-change test this uses a
 * fixed rate per quantity, which needs no history and does not adapt to a sensor that is slowly
 * going wrong.
 *
 * @param suspectPerHour {@code > 0}
 */
public record RateOfChangeLimit(double suspectPerHour) {
  public RateOfChangeLimit {
    if (!(suspectPerHour > 0) || Double.isInfinite(suspectPerHour)) {
      throw new IllegalArgumentException("suspectPerHour must be > 0 but was " + suspectPerHour);
    }
  }

  /**
   * The test of {@code value} against the previous reading.
   *
   * @param elapsedMillis time since the previous reading; {@code <= 0} (same or older time stamp)
   *     counts as one millisecond, so a jump between duplicates is still caught
   */
  public QcFlag test(double previous, double value, long elapsedMillis) {
    double hours = Math.max(1, elapsedMillis) / 3_600_000.0;
    return Math.abs(value - previous) / hours > suspectPerHour ? QcFlag.SUSPECT : QcFlag.PASS;
  }
}
