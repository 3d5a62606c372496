package dev.airtrace.processor;

import java.util.Arrays;

/**
 * The per-sensor quality score's formula (docs/quality.md, "Per-sensor quality score"), pure
 * functions so that tests can check it against hand-computed vectors. Stateless and thread-safe.
 *
 * <pre>
 * score = 100 × completeness × (1 − failShare) × (1 − suspectShare / 2) × agreement
 *             × max(0, 1 − 2 × anomalyRate)
 * agreement = 1 without neighbours, else clamp(1 − (neighbourDeviation − 2) / 4, 0, 1)
 * </pre>
 */
final class QualityScore {
  /** Robust deviations up to this many scales count as agreement (no penalty). */
  static final double AGREEMENT_FREE = 2.0;

  /** Beyond {@link #AGREEMENT_FREE}, how many more scales take agreement from 1 to 0. */
  static final double AGREEMENT_SPAN = 4.0;

  /** Anomaly marks per reading that take the anomaly factor to 0: one in two. */
  static final double ANOMALY_WEIGHT = 2.0;

  /** The smallest neighbour scale as a share of the neighbours' median (5 %). */
  static final double RELATIVE_SCALE_FLOOR = 0.05;

  /** The smallest neighbour scale in the quantity's unit. */
  static final double ABSOLUTE_SCALE_FLOOR = 0.1;

  /** Scales the median absolute deviation to a standard deviation for normal data. */
  static final double MAD_TO_SD = 1.4826;

  private QualityScore() {}

  /**
   * The score in [0, 100].
   *
   * @param neighbourDeviation {@code null} when the device had no neighbours to compare with
   */
  static double score(
      long received,
      long expected,
      long suspect,
      long fail,
      long anomalies,
      Double neighbourDeviation) {
    double completeness = Math.min(1.0, (double) received / expected);
    double failShare = (double) fail / received;
    double suspectShare = (double) suspect / received;
    double anomalyRate = (double) anomalies / received;
    double s =
        100
            * completeness
            * (1 - failShare)
            * (1 - suspectShare / 2)
            * agreement(neighbourDeviation)
            * Math.max(0, 1 - ANOMALY_WEIGHT * anomalyRate);
    return Math.max(0, Math.min(100, s));
  }

  /** The agreement factor of a neighbour deviation ({@code null}: no neighbours, 1). */
  static double agreement(Double neighbourDeviation) {
    if (neighbourDeviation == null) {
      return 1;
    }
    return Math.max(0, Math.min(1, 1 - (neighbourDeviation - AGREEMENT_FREE) / AGREEMENT_SPAN));
  }

  /**
   * One hour's robust distance of a device's mean from its neighbours' means: {@code |mean −
   * median| / max(1.4826 × MAD, 5 % of |median|, 0.1)}; {@code NaN} with fewer than two neighbours.
   */
  static double deviation(double mean, double[] neighbours) {
    if (neighbours.length < 2) {
      return Double.NaN;
    }
    double median = median(neighbours.clone());
    double[] abs = new double[neighbours.length];
    for (int i = 0; i < neighbours.length; i++) {
      abs[i] = Math.abs(neighbours[i] - median);
    }
    double scale =
        Math.max(
            MAD_TO_SD * median(abs),
            Math.max(RELATIVE_SCALE_FLOOR * Math.abs(median), ABSOLUTE_SCALE_FLOOR));
    return Math.abs(mean - median) / scale;
  }

  /** The median of {@code values} (sorted in place); {@code NaN} when empty. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(values);
    int m = values.length / 2;
    return values.length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
  }
}
