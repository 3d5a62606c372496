package dev.airtrace.anomaly;

/** Everything the detector remembers about one series. Not thread-safe. */
final class SeriesState {
  /** Relative floor of the likelihood baseline's standard deviation. */
  static final double LIKELIHOOD_STD_FLOOR_FRACTION = 0.05;

  /** Absolute floor of the likelihood baseline's standard deviation (raw scores are z units). */
  static final double LIKELIHOOD_STD_FLOOR = 0.01;

  final EwmNormaliser normaliser;
  final RingWindow window;
  final LikelihoodEstimator likelihood;
  long observations;
  long sinceAlert = Long.MAX_VALUE;

  SeriesState(AnomalyConfig config, WindowSpec spec) {
    this.normaliser = new EwmNormaliser(spec);
    this.window = new RingWindow(config.maxWindow());
    this.likelihood =
        new LikelihoodEstimator(
            config.shortAverage(),
            config.likelihoodHistory(),
            LIKELIHOOD_STD_FLOOR_FRACTION,
            LIKELIHOOD_STD_FLOOR);
  }

  /** Whether, with one more value, the series has a full window of {@code length}. */
  boolean hasWindowWith(int length) {
    return window.size() >= length - 1;
  }
}
