package dev.airtrace.quality;

import java.util.Objects;

/**
 * Gross range test limits (QARTOD "gross range test"): a reading outside the sensor's measurement
 * span fails; one inside it but outside the operator's span is suspect.
 *
 * @param fail the sensor span (manufacturer's specification)
 * @param suspect the operator's span, inside {@code fail}
 */
public record GrossRangeLimits(Span fail, Span suspect) {
  public GrossRangeLimits {
    Objects.requireNonNull(fail, "fail");
    Objects.requireNonNull(suspect, "suspect");
    if (!fail.encloses(suspect)) {
      throw new IllegalArgumentException("suspect span " + suspect + " must lie inside " + fail);
    }
  }

  /** The test: fail outside {@link #fail}, suspect outside {@link #suspect}, else pass. */
  public QcFlag test(double value) {
    if (!fail.contains(value)) {
      return QcFlag.FAIL;
    }
    return suspect.contains(value) ? QcFlag.PASS : QcFlag.SUSPECT;
  }
}
