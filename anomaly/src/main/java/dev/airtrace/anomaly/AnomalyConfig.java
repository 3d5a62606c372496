package dev.airtrace.anomaly;

/**
 * How the streaming detector turns model scores and statistics into verdicts. Lengths are counted
 * in observations of one series (sensors report at a fixed interval, so a count is a duration per
 * series). The model window and its normalisation are not here: they belong to the model ({@link
 * WindowSpec}). {@link #defaults()} is the configuration measured on NAB (docs/nab.md).
 *
 * @param warmUp observations of a series before its verdicts may be anomalous (its likelihood is 0
 *     until then), {@code >= 0}; the baselines learn during the warm-up
 * @param likelihoodHistory short averages of raw scores kept per series for the likelihood
 *     baselines (their mean and standard deviation), {@code >= 10}
 * @param shortAverage how many of the most recent raw scores are averaged before they are compared
 *     with the baseline, {@code 1..likelihoodHistory}
 * @param statisticalWeight weight of the statistical evidence (the newest value's normalised
 *     distance from the series' running mean) added to the model's window score to form the raw
 *     score, {@code >= 0}
 * @param contextWindow length of the long "context" windows compared with the series' own past
 *     (nearest-neighbour distance of their piecewise averages; catches a daily cycle that fails to
 *     happen, which a short model window cannot see), {@code 0} (off) or {@code 16..maxWindow}
 * @param contextMemory observations of past context windows kept per series, {@code >=
 *     contextStride}
 * @param contextStride one context window in this many observations is remembered, {@code >= 1}
 * @param contextAverage raw context distances averaged before their likelihood is taken, {@code
 *     1..likelihoodHistory}
 * @param noveltyMargin a value beyond the series' extremes so far by more than this fraction of
 *     their range is anomalous outright (likelihood 1, not held off by suppression), {@code >= 0}
 * @param threshold the likelihood at or above which a verdict is anomalous, in {@code (0, 1]}
 * @param suppression observations after an alert during which the series' likelihood is held at 0
 *     (except for novel extremes), so one event raises one alert, {@code >= 0}
 * @param maxWindow the longest window kept per series (model or context), {@code >= 2}; a model
 *     with a longer window is refused
 * @param maxSeries how many series the detector keeps state for; beyond it the least recently
 *     observed series is forgotten, {@code >= 1}
 * @param faultRules the sensor-fault rules (stuck, dropout, spike, noise, level shift) that run
 *     beside the scored likelihood; {@link FaultRuleConfig#off()} leaves only the likelihood
 * @param idleRelease a series not observed for this long (time on the detector's clock, not event
 *     time: a replay of old data is never idle) has its state released, so devices that left the
 *     fleet do not hold memory; it re-learns from scratch if it comes back (warm-up, baselines,
 *     context memory, fault-rule scales). {@link java.time.Duration#ZERO} = never; not negative
 */
public record AnomalyConfig(
    int warmUp,
    int likelihoodHistory,
    int shortAverage,
    double statisticalWeight,
    int contextWindow,
    int contextMemory,
    int contextStride,
    int contextAverage,
    double noveltyMargin,
    double threshold,
    int suppression,
    int maxWindow,
    int maxSeries,
    FaultRuleConfig faultRules,
    java.time.Duration idleRelease) {

  /** Observations before a series may alert. */
  public static final int DEFAULT_WARM_UP_OBSERVATIONS = 150;

  /** Averaged raw scores in each likelihood baseline. */
  public static final int DEFAULT_LIKELIHOOD_HISTORY_OBSERVATIONS = 4000;

  /** Raw scores averaged before the tail test. */
  public static final int DEFAULT_SHORT_AVERAGE_OBSERVATIONS = 30;

  /** Weight of |z| next to the model score. */
  public static final double DEFAULT_STATISTICAL_WEIGHT = 1.0;

  /** Length of the context windows, observations. */
  public static final int DEFAULT_CONTEXT_WINDOW_OBSERVATIONS = 256;

  /** How far back context windows are remembered, observations. */
  public static final int DEFAULT_CONTEXT_MEMORY_OBSERVATIONS = 4000;

  /** One context window remembered per this many observations. */
  public static final int DEFAULT_CONTEXT_STRIDE_OBSERVATIONS = 8;

  /** Context distances averaged before the tail test. */
  public static final int DEFAULT_CONTEXT_AVERAGE_OBSERVATIONS = 10;

  /** Beyond the extremes by 2 % of their range = novel. */
  public static final double DEFAULT_NOVELTY_MARGIN = 0.02;

  /** Likelihood at which a verdict is anomalous (a tail probability of about 1e-5). */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Observations an alert holds off the next one. */
  public static final int DEFAULT_SUPPRESSION_OBSERVATIONS = 100;

  /** Longest window kept per series. */
  public static final int DEFAULT_MAX_WINDOW = 256;

  /** Series kept before the least recently observed one is forgotten (up to about 33 KB each). */
  public static final int DEFAULT_MAX_SERIES = 10_000;

  /**
   * Idle time after which a series' state is released: 6 hours, longer than a sensor's usual outage
   * (a power cut, a network gap the outbox bridges), so only devices that left the fleet or were
   * replaced lose their baselines.
   */
  public static final java.time.Duration DEFAULT_IDLE_RELEASE = java.time.Duration.ofHours(6);

  public AnomalyConfig {
    requireAtLeast("warmUp", warmUp, 0);
    requireAtLeast("likelihoodHistory", likelihoodHistory, 10);
    requireIn("shortAverage", shortAverage, 1, likelihoodHistory);
    if (!(statisticalWeight >= 0) || Double.isInfinite(statisticalWeight)) {
      throw new IllegalArgumentException(
          "statisticalWeight must be finite and >= 0 but was " + statisticalWeight);
    }
    requireAtLeast("maxWindow", maxWindow, 2);
    if (contextWindow != 0) {
      requireIn("contextWindow", contextWindow, 16, maxWindow);
    }
    requireAtLeast("contextStride", contextStride, 1);
    requireAtLeast("contextMemory", contextMemory, contextStride);
    requireIn("contextAverage", contextAverage, 1, likelihoodHistory);
    if (!(noveltyMargin >= 0) || Double.isInfinite(noveltyMargin)) {
      throw new IllegalArgumentException(
          "noveltyMargin must be finite and >= 0 but was " + noveltyMargin);
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1] but was " + threshold);
    }
    requireAtLeast("suppression", suppression, 0);
    requireAtLeast("maxSeries", maxSeries, 1);
    java.util.Objects.requireNonNull(faultRules, "faultRules");
    java.util.Objects.requireNonNull(idleRelease, "idleRelease");
    if (idleRelease.isNegative()) {
      throw new IllegalArgumentException("idleRelease must not be negative but was " + idleRelease);
    }
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
    }
  }

  private static void requireIn(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "] but was " + value);
    }
  }

  /** The configuration the NAB run measured (docs/nab.md); the gateway's default. */
  public static AnomalyConfig defaults() {
    return new AnomalyConfig(
        DEFAULT_WARM_UP_OBSERVATIONS,
        DEFAULT_LIKELIHOOD_HISTORY_OBSERVATIONS,
        DEFAULT_SHORT_AVERAGE_OBSERVATIONS,
        DEFAULT_STATISTICAL_WEIGHT,
        DEFAULT_CONTEXT_WINDOW_OBSERVATIONS,
        DEFAULT_CONTEXT_MEMORY_OBSERVATIONS,
        DEFAULT_CONTEXT_STRIDE_OBSERVATIONS,
        DEFAULT_CONTEXT_AVERAGE_OBSERVATIONS,
        DEFAULT_NOVELTY_MARGIN,
        DEFAULT_THRESHOLD,
        DEFAULT_SUPPRESSION_OBSERVATIONS,
        DEFAULT_MAX_WINDOW,
        DEFAULT_MAX_SERIES,
        FaultRuleConfig.defaults(),
        DEFAULT_IDLE_RELEASE);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link AnomalyConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private int warmUp;
    private int likelihoodHistory;
    private int shortAverage;
    private double statisticalWeight;
    private int contextWindow;
    private int contextMemory;
    private int contextStride;
    private int contextAverage;
    private double noveltyMargin;
    private double threshold;
    private int suppression;
    private int maxWindow;
    private int maxSeries;
    private FaultRuleConfig faultRules;
    private java.time.Duration idleRelease;

    private Builder(AnomalyConfig from) {
      this.warmUp = from.warmUp;
      this.likelihoodHistory = from.likelihoodHistory;
      this.shortAverage = from.shortAverage;
      this.statisticalWeight = from.statisticalWeight;
      this.contextWindow = from.contextWindow;
      this.contextMemory = from.contextMemory;
      this.contextStride = from.contextStride;
      this.contextAverage = from.contextAverage;
      this.noveltyMargin = from.noveltyMargin;
      this.threshold = from.threshold;
      this.suppression = from.suppression;
      this.maxWindow = from.maxWindow;
      this.maxSeries = from.maxSeries;
      this.faultRules = from.faultRules;
      this.idleRelease = from.idleRelease;
    }

    /** See {@link AnomalyConfig#warmUp()}. */
    public Builder warmUp(int value) {
      this.warmUp = value;
      return this;
    }

    /** See {@link AnomalyConfig#likelihoodHistory()}. */
    public Builder likelihoodHistory(int value) {
      this.likelihoodHistory = value;
      return this;
    }

    /** See {@link AnomalyConfig#shortAverage()}. */
    public Builder shortAverage(int value) {
      this.shortAverage = value;
      return this;
    }

    /** See {@link AnomalyConfig#statisticalWeight()}. */
    public Builder statisticalWeight(double value) {
      this.statisticalWeight = value;
      return this;
    }

    /** See {@link AnomalyConfig#contextWindow()}. */
    public Builder contextWindow(int value) {
      this.contextWindow = value;
      return this;
    }

    /** See {@link AnomalyConfig#contextMemory()}. */
    public Builder contextMemory(int value) {
      this.contextMemory = value;
      return this;
    }

    /** See {@link AnomalyConfig#contextStride()}. */
    public Builder contextStride(int value) {
      this.contextStride = value;
      return this;
    }

    /** See {@link AnomalyConfig#contextAverage()}. */
    public Builder contextAverage(int value) {
      this.contextAverage = value;
      return this;
    }

    /** See {@link AnomalyConfig#noveltyMargin()}. */
    public Builder noveltyMargin(double value) {
      this.noveltyMargin = value;
      return this;
    }

    /** See {@link AnomalyConfig#threshold()}. */
    public Builder threshold(double value) {
      this.threshold = value;
      return this;
    }

    /** See {@link AnomalyConfig#suppression()}. */
    public Builder suppression(int value) {
      this.suppression = value;
      return this;
    }

    /** See {@link AnomalyConfig#maxWindow()}. */
    public Builder maxWindow(int value) {
      this.maxWindow = value;
      return this;
    }

    /** See {@link AnomalyConfig#maxSeries()}. */
    public Builder maxSeries(int value) {
      this.maxSeries = value;
      return this;
    }

    /** The sensor-fault rules. */
    public Builder faultRules(FaultRuleConfig value) {
      this.faultRules = value;
      return this;
    }

    /** See {@link AnomalyConfig#idleRelease()}. */
    public Builder idleRelease(java.time.Duration value) {
      this.idleRelease = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public AnomalyConfig build() {
      return new AnomalyConfig(
          warmUp,
          likelihoodHistory,
          shortAverage,
          statisticalWeight,
          contextWindow,
          contextMemory,
          contextStride,
          contextAverage,
          noveltyMargin,
          threshold,
          suppression,
          maxWindow,
          maxSeries,
          faultRules,
          idleRelease);
    }
  }
}
