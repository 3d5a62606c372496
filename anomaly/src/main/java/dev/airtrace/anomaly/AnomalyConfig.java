package dev.airtrace.anomaly;

/**
 * How the streaming detector turns model scores into verdicts. Lengths are counted in observations
 * of one series (sensors report at a fixed interval, so a count is a duration per series). The
 * window length and normalisation are not here: they belong to the model ({@link WindowSpec}).
 *
 * @param warmUp observations of a series before its verdicts may be anomalous (its likelihood is 0
 *     until then), {@code >= 0}; the baselines learn during the warm-up
 * @param likelihoodHistory raw scores of a series kept for its likelihood baseline (mean and
 *     standard deviation), {@code >= 10}
 * @param shortAverage how many of the most recent raw scores are averaged before they are compared
 *     with the baseline, {@code 1..likelihoodHistory}
 * @param statisticalWeight weight of the statistical evidence (the newest value's normalised
 *     distance from the series' running mean) next to the model's window score in the raw score,
 *     {@code >= 0}
 * @param threshold the likelihood at or above which a verdict is anomalous, in {@code (0, 1]}
 * @param suppression observations after an alert during which the series' likelihood is held at 0,
 *     so one event raises one alert, {@code >= 0}
 * @param maxWindow the longest model window the detector will keep per series, {@code >= 2}; a
 *     model with a longer window is refused
 * @param maxSeries how many series the detector keeps state for; beyond it the least recently
 *     observed series is forgotten, {@code >= 1}
 */
public record AnomalyConfig(
    int warmUp,
    int likelihoodHistory,
    int shortAverage,
    double statisticalWeight,
    double threshold,
    int suppression,
    int maxWindow,
    int maxSeries) {

  /** Observations before a series may alert. */
  public static final int DEFAULT_WARM_UP_OBSERVATIONS = 300;

  /** Raw scores in the likelihood baseline. */
  public static final int DEFAULT_LIKELIHOOD_HISTORY_OBSERVATIONS = 2000;

  /** Raw scores averaged before the tail test. */
  public static final int DEFAULT_SHORT_AVERAGE_OBSERVATIONS = 10;

  /** Weight of the statistical evidence next to the model score. */
  public static final double DEFAULT_STATISTICAL_WEIGHT = 0.0;

  /** Likelihood at which a verdict is anomalous. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Observations an alert holds off the next one. */
  public static final int DEFAULT_SUPPRESSION_OBSERVATIONS = 100;

  /** Longest model window kept per series. */
  public static final int DEFAULT_MAX_WINDOW = 256;

  /** Series kept before the least recently observed one is forgotten. */
  public static final int DEFAULT_MAX_SERIES = 100_000;

  public AnomalyConfig {
    if (warmUp < 0) {
      throw new IllegalArgumentException("warmUp must be >= 0 but was " + warmUp);
    }
    if (likelihoodHistory < 10) {
      throw new IllegalArgumentException(
          "likelihoodHistory must be >= 10 but was " + likelihoodHistory);
    }
    if (shortAverage < 1 || shortAverage > likelihoodHistory) {
      throw new IllegalArgumentException(
          "shortAverage must be in [1, likelihoodHistory] but was " + shortAverage);
    }
    if (!(statisticalWeight >= 0) || Double.isInfinite(statisticalWeight)) {
      throw new IllegalArgumentException(
          "statisticalWeight must be finite and >= 0 but was " + statisticalWeight);
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1] but was " + threshold);
    }
    if (suppression < 0) {
      throw new IllegalArgumentException("suppression must be >= 0 but was " + suppression);
    }
    if (maxWindow < 2) {
      throw new IllegalArgumentException("maxWindow must be >= 2 but was " + maxWindow);
    }
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries must be >= 1 but was " + maxSeries);
    }
  }

  /** The configuration the NAB run measured (docs/nab.md); the gateway's default. */
  public static AnomalyConfig defaults() {
    return new AnomalyConfig(
        DEFAULT_WARM_UP_OBSERVATIONS,
        DEFAULT_LIKELIHOOD_HISTORY_OBSERVATIONS,
        DEFAULT_SHORT_AVERAGE_OBSERVATIONS,
        DEFAULT_STATISTICAL_WEIGHT,
        DEFAULT_THRESHOLD,
        DEFAULT_SUPPRESSION_OBSERVATIONS,
        DEFAULT_MAX_WINDOW,
        DEFAULT_MAX_SERIES);
  }

  /** A copy with another threshold. */
  public AnomalyConfig withThreshold(double newThreshold) {
    return new AnomalyConfig(
        warmUp,
        likelihoodHistory,
        shortAverage,
        statisticalWeight,
        newThreshold,
        suppression,
        maxWindow,
        maxSeries);
  }
}
