package dev.airtrace.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * Flat line test limits (QARTOD "flat line test"): when the readings of a series have stayed within
 * {@code tolerance} of each other for {@code suspectAfter} the reading is suspect, for {@code
 * failAfter} it fails. Durations, not reading counts (as ioos_qc does), so the same limits hold for
 * a sensor reporting every 10 s and one reporting hourly.
 *
 * @param tolerance largest spread (max − min) of the run still counted as flat, {@code >= 0},
 *     canonical unit; at least the sensor's resolution
 * @param suspectAfter run length that makes a reading suspect, {@code > 0}
 * @param failAfter run length that makes it fail, {@code >= suspectAfter}
 */
public record FlatLineLimits(double tolerance, Duration suspectAfter, Duration failAfter) {
  public FlatLineLimits {
    Objects.requireNonNull(suspectAfter, "suspectAfter");
    Objects.requireNonNull(failAfter, "failAfter");
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be >= 0 but was " + tolerance);
    }
    if (suspectAfter.isNegative()
        || suspectAfter.isZero()
        || failAfter.compareTo(suspectAfter) < 0) {
      throw new IllegalArgumentException(
          "flat line needs 0 < suspectAfter <= failAfter but was "
              + suspectAfter
              + ", "
              + failAfter);
    }
  }

  /** The flag for a run of flat readings that has lasted {@code runMillis}. */
  public QcFlag test(long runMillis) {
    if (runMillis >= failAfter.toMillis()) {
      return QcFlag.FAIL;
    }
    return runMillis >= suspectAfter.toMillis() ? QcFlag.SUSPECT : QcFlag.PASS;
  }
}
