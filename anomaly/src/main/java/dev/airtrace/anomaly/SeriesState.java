package dev.airtrace.anomaly;

/** Everything the detector remembers about one series. Not thread-safe. */
final class SeriesState {
  /** Relative floor of a likelihood baseline's standard deviation. */
  static final double LIKELIHOOD_STD_FLOOR_FRACTION = 0.05;

  /** Absolute floor of a likelihood baseline's standard deviation (scores are in z units). */
  static final double LIKELIHOOD_STD_FLOOR = 0.01;

  final EwmNormaliser normaliser;
  final RingWindow window;
  final LikelihoodEstimator likelihood;
  final ContextMemory context;
  final LikelihoodEstimator contextLikelihood;
  final FaultRules rules;
  long observations;

  /** {@code System.nanoTime()} of the call that last observed the series, for the idle release. */
  long lastSeenNanos;

  long sinceAlert = Long.MAX_VALUE;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;

  SeriesState(AnomalyConfig config, WindowSpec spec) {
    this.normaliser = new EwmNormaliser(spec);
    this.rules = new FaultRules(config.faultRules(), config.warmUp());
    this.window = new RingWindow(config.maxWindow());
    this.likelihood =
        new LikelihoodEstimator(
            config.shortAverage(),
            config.likelihoodHistory(),
            LIKELIHOOD_STD_FLOOR_FRACTION,
            LIKELIHOOD_STD_FLOOR);
    if (config.contextWindow() > 0) {
      this.context =
          new ContextMemory(config.contextWindow(), config.contextMemory(), config.contextStride());
      this.contextLikelihood =
          new LikelihoodEstimator(
              config.contextAverage(),
              config.likelihoodHistory(),
              LIKELIHOOD_STD_FLOOR_FRACTION,
              LIKELIHOOD_STD_FLOOR);
    } else {
      this.context = null;
      this.contextLikelihood = null;
    }
  }

  /** Whether, with one more value, the series has a full window of {@code length}. */
  boolean hasWindowWith(int length) {
    return window.size() >= length - 1;
  }

  /** Whether {@code x} lies beyond the extremes seen so far by more than {@code margin} × range. */
  boolean novel(double x, double margin) {
    if (min > max) {
      return false; // no extremes yet
    }
    double slack = margin * (max - min);
    return x > max + slack || x < min - slack;
  }

  /**
   * Adds a value to the extremes. Only scored values count (the detector calls this once the series
   * has a full model window), so a sensor's start-up transient does not widen its range.
   */
  void extend(double x) {
    min = Math.min(min, x);
    max = Math.max(max, x);
  }

  /** Adds the newest value to the normaliser and window. */
  void advance(double x) {
    normaliser.update(x);
    window.push(x);
    observations++;
    if (sinceAlert < Long.MAX_VALUE) {
      sinceAlert++;
    }
  }
}
