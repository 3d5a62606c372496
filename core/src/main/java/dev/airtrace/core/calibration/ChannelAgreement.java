package dev.airtrace.core.calibration;

/**
 * The PurpleAir A/B channel agreement check used with hourly data: the two laser counters of one
 * sensor disagree, and the hour is not corrected, when {@code |A − B| > maxAbsoluteDifference}
 * <em>and</em> {@code |A − B| / mean(A, B) > maxRelativeDifference}. Both conditions must hold, so
 * a large relative difference at low concentrations (a few µg/m³) is tolerated.
 *
 * @param maxAbsoluteDifference µg/m³, {@code >= 0}; default {@value #DEFAULT_MAX_ABSOLUTE_UG_M3}
 * @param maxRelativeDifference fraction of the channel mean, {@code >= 0}; default {@value
 *     #DEFAULT_MAX_RELATIVE}
 */
public record ChannelAgreement(double maxAbsoluteDifference, double maxRelativeDifference) {
  /** Default absolute threshold: 5 µg/m³. */
  public static final double DEFAULT_MAX_ABSOLUTE_UG_M3 = 5.0;

  /** Default relative threshold: 70 % of the channel mean. */
  public static final double DEFAULT_MAX_RELATIVE = 0.70;

  public ChannelAgreement {
    if (!(maxAbsoluteDifference >= 0) || Double.isInfinite(maxAbsoluteDifference)) {
      throw new IllegalArgumentException(
          "maxAbsoluteDifference must be a finite number >= 0 but was " + maxAbsoluteDifference);
    }
    if (!(maxRelativeDifference >= 0) || Double.isInfinite(maxRelativeDifference)) {
      throw new IllegalArgumentException(
          "maxRelativeDifference must be a finite number >= 0 but was " + maxRelativeDifference);
    }
  }

  /** 5 µg/m³ and 70 %. */
  public static ChannelAgreement defaults() {
    return new ChannelAgreement(DEFAULT_MAX_ABSOLUTE_UG_M3, DEFAULT_MAX_RELATIVE);
  }

  /** Whether channels reading {@code a} and {@code b} (µg/m³, {@code >= 0}) agree. */
  public boolean agree(double a, double b) {
    double diff = Math.abs(a - b);
    if (diff <= maxAbsoluteDifference) {
      return true;
    }
    double mean = (a + b) / 2;
    // diff > 0 here, so mean > 0 for non-negative channels; a zero mean cannot divide.
    return mean > 0 && diff / mean <= maxRelativeDifference;
  }
}
