package dev.airtrace.anomaly;

/**
 * Turns one series' raw scores into a calibrated anomaly likelihood, after Numenta's anomaly
 * likelihood (Ahmad et al. 2017): the mean of the last few raw scores is compared with the
 * distribution (mean, standard deviation) of such short averages over the series' recent history;
 * the Gaussian tail probability {@code p} of that average is reported on a log scale, {@code log(p
 * + 1e-10) / log(1e-10)} in {@code [0, 1]} (0.5 means one in 100,000, 1 means one in ten billion).
 * The baseline adapts online: old scores leave the history as new ones arrive. Not thread-safe.
 */
final class LikelihoodEstimator {
  /** Scores needed in the history before any likelihood above 0 is reported. */
  static final int MIN_HISTORY = 10;

  private static final double LOG_EPSILON = Math.log(1e-10);

  private final double[] shortRing;
  private final double[] history;
  private final double stdFloorFraction;
  private final double stdFloorAbsolute;
  private int shortNext;
  private int shortSize;
  private double shortSum;
  private int historyNext;
  private int historySize;
  private double sum;
  private double sumSquares;
  private int sinceRecompute;

  LikelihoodEstimator(int shortAverage, int historyLength, double stdFloorFraction, double floor) {
    this.shortRing = new double[shortAverage];
    this.history = new double[historyLength];
    this.stdFloorFraction = stdFloorFraction;
    this.stdFloorAbsolute = floor;
  }

  /**
   * Adds a raw score and returns the likelihood of the recent scores before it joined the baseline.
   */
  double update(double raw) {
    if (shortSize == shortRing.length) {
      shortSum -= shortRing[shortNext];
    } else {
      shortSize++;
    }
    shortRing[shortNext] = raw;
    if (++shortNext == shortRing.length) {
      shortNext = 0;
    }
    shortSum += raw;
    double average = shortSum / shortSize;

    double likelihood = 0;
    if (historySize >= MIN_HISTORY) {
      double mean = sum / historySize;
      double variance = Math.max(0, sumSquares / historySize - mean * mean);
      double std =
          Math.max(Math.sqrt(variance), stdFloorFraction * Math.abs(mean) + stdFloorAbsolute);
      double tail = TailProbability.upper((average - mean) / std);
      likelihood = Math.max(0, Math.min(1, Math.log(tail + 1e-10) / LOG_EPSILON));
    }
    addToHistory(average);
    return likelihood;
  }

  private void addToHistory(double average) {
    if (historySize == history.length) {
      double old = history[historyNext];
      sum -= old;
      sumSquares -= old * old;
    } else {
      historySize++;
    }
    double stored = average;
    history[historyNext] = stored;
    if (++historyNext == history.length) {
      historyNext = 0;
    }
    sum += stored;
    sumSquares += stored * stored;
    // running sums drift when values leave; recompute them exactly once per history length
    if (++sinceRecompute >= history.length) {
      sinceRecompute = 0;
      sum = 0;
      sumSquares = 0;
      for (int i = 0; i < historySize; i++) {
        sum += history[i];
        sumSquares += history[i] * history[i];
      }
    }
  }
}
