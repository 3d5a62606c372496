package dev.airtrace.anomaly;

/**
 * Per-series online normaliser ({@link WindowSpec#EWM_ZSCORE}): exponentially weighted mean,
 * variance and mean absolute value. Adapts continuously, so a sensor whose level or spread drifts
 * keeps producing windows on the scale the model was trained on. Not thread-safe.
 */
final class EwmNormaliser {
  private final double alpha;
  private final double clip;
  private final double stdFloor;
  private long count;
  private double mean;
  private double variance;
  private double meanAbs;

  EwmNormaliser(WindowSpec spec) {
    this.alpha = 1.0 - Math.pow(2.0, -1.0 / spec.halfLife());
    this.clip = spec.clip();
    this.stdFloor = spec.stdFloor();
  }

  /** The normalised value of {@code x} under the statistics so far (before {@code x} is added). */
  double normalise(double x) {
    return normalise(x, std());
  }

  /** {@link #normalise(double)} with {@code std} = {@link #std()}, computed once by the caller. */
  double normalise(double x, double std) {
    double z = (x - mean) / std;
    return Math.max(-clip, Math.min(clip, z));
  }

  double std() {
    double floor = stdFloor * meanAbs;
    return Math.sqrt(variance + floor * floor + 1e-12);
  }

  /** Adds {@code x}; until 1/alpha observations the weights are those of a running mean. */
  void update(double x) {
    count++;
    if (count == 1) {
      mean = x;
      variance = 0;
      meanAbs = Math.abs(x);
      return;
    }
    double a = Math.max(alpha, 1.0 / count);
    double d = x - mean;
    mean += a * d;
    variance = (1 - a) * (variance + a * d * d);
    meanAbs += a * (Math.abs(x) - meanAbs);
  }

  long count() {
    return count;
  }

  double mean() {
    return mean;
  }
}
