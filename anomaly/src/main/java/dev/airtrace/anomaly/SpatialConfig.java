package dev.airtrace.anomaly;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of {@link SpatialConsistency}, the neighbour comparison: devices of one neighbourhood
 * (by default their site) that measure the same quantity. Counts are readings of one device unless
 * said otherwise. The defaults were chosen on simulator data (the environmental-fault corpus has
 * one station per series, no neighbours; docs/quality.md).
 *
 * @param minDevices devices, the judged one included, that must have reported within {@code maxAge}
 *     before a reading is evaluated; below it the reading is not evaluated (QARTOD flag 2), {@code
 *     >= 3} (with two devices one cannot tell which of them is wrong)
 * @param maxAge a neighbour's latest value counts when it is at most this far in event time from
 *     the judged reading, positive
 * @param window readings of the device whose deviations from the neighbour median are summarised by
 *     their median, so a single spike or a short burst does not move it, {@code >= 4} and even
 * @param threshold a device alarms when the median deviation over {@code window} is at least this
 *     many typical spreads (the neighbourhood's robust σ of deviations), {@code > 0}; it re-arms
 *     once the median deviation falls below half of it
 * @param levelShiftShare at the alarm, the step between the medians of the older and the newer half
 *     of the window, as a share of the newer half's median, at or above which the fault is named a
 *     level shift (sudden) rather than a drift (gradual), in {@code (0, 1]}
 * @param stuckReadings a device whose last this-many values are exactly equal while more than half
 *     of its neighbours changed value in the last half of that run is stuck, {@code >= 3}; {@code
 *     0} switches that test off
 * @param warmUp evaluated readings of a neighbourhood-quantity (all devices together) before its
 *     typical spread is trusted and alarms are raised, {@code >= 1}
 * @param scaleHalfLife half-life, in evaluated readings of the neighbourhood-quantity, of the
 *     typical spread, {@code >= 2}
 * @param clip a deviation enters the typical spread as at most this many spreads, so a faulty
 *     device barely moves it, {@code >= 1}
 * @param maxSeries device-quantity states kept at most; a new series beyond it is not evaluated
 *     (counted), {@code >= 1}
 * @param neighbourhoods device id → neighbourhood name, for devices whose neighbours are not (only)
 *     their site's; devices not listed use their site id
 * @param modelId the {@code name@version} that findings carry, so events name the method that made
 *     them
 */
public record SpatialConfig(
    int minDevices,
    Duration maxAge,
    int window,
    double threshold,
    double levelShiftShare,
    int stuckReadings,
    int warmUp,
    int scaleHalfLife,
    double clip,
    int maxSeries,
    Map<String, String> neighbourhoods,
    String modelId) {

  /** Default: the device and at least two neighbours. */
  public static final int DEFAULT_MIN_DEVICES = 3;

  /** Default neighbour staleness: 10 minutes of event time. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  /**
   * Default window: 30 readings, longer than the longest noise burst or dropout it should ignore.
   */
  public static final int DEFAULT_WINDOW_READINGS = 30;

  /** Default alarm threshold: 3.5 typical spreads of the window median. */
  public static final double DEFAULT_THRESHOLD = 3.5;

  /** Default: a step of at least 60 % of the deviation makes it a level shift. */
  public static final double DEFAULT_LEVEL_SHIFT_SHARE = 0.6;

  /** Default stuck test: 10 equal readings while the neighbours change. */
  public static final int DEFAULT_STUCK_READINGS = 10;

  /** Default warm-up: 300 evaluated readings of the neighbourhood-quantity. */
  public static final int DEFAULT_WARM_UP_READINGS = 300;

  /** Default half-life of the typical spread: 2,000 evaluated readings. */
  public static final int DEFAULT_SCALE_HALF_LIFE_READINGS = 2_000;

  /** Default clip: 5 typical spreads. */
  public static final double DEFAULT_CLIP = 5;

  /** Default bound on device-quantity states: 100,000 (about 40 MB). */
  public static final int DEFAULT_MAX_SERIES = 100_000;

  /** Name and version of this method on events: {@code spatial@1}. */
  public static final String DEFAULT_MODEL_ID = "spatial@1";

  public SpatialConfig {
    Objects.requireNonNull(maxAge, "maxAge");
    neighbourhoods = Map.copyOf(Objects.requireNonNull(neighbourhoods, "neighbourhoods"));
    Objects.requireNonNull(modelId, "modelId");
    require(minDevices >= 3, "minDevices must be >= 3 but was " + minDevices);
    require(!maxAge.isNegative() && !maxAge.isZero(), "maxAge must be positive but was " + maxAge);
    require(window >= 4 && window % 2 == 0, "window must be even and >= 4 but was " + window);
    require(
        threshold > 0 && Double.isFinite(threshold), "threshold must be > 0 but was " + threshold);
    require(
        levelShiftShare > 0 && levelShiftShare <= 1,
        "levelShiftShare must be in (0, 1] but was " + levelShiftShare);
    require(
        stuckReadings == 0 || stuckReadings >= 3,
        "stuckReadings must be 0 (off) or >= 3 but was " + stuckReadings);
    require(warmUp >= 1, "warmUp must be >= 1 but was " + warmUp);
    require(scaleHalfLife >= 2, "scaleHalfLife must be >= 2 but was " + scaleHalfLife);
    require(clip >= 1 && Double.isFinite(clip), "clip must be >= 1 but was " + clip);
    require(maxSeries >= 1, "maxSeries must be >= 1 but was " + maxSeries);
    require(!modelId.isBlank(), "modelId must not be blank");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The defaults: neighbourhood = site. */
  public static SpatialConfig defaults() {
    return new SpatialConfig(
        DEFAULT_MIN_DEVICES,
        DEFAULT_MAX_AGE,
        DEFAULT_WINDOW_READINGS,
        DEFAULT_THRESHOLD,
        DEFAULT_LEVEL_SHIFT_SHARE,
        DEFAULT_STUCK_READINGS,
        DEFAULT_WARM_UP_READINGS,
        DEFAULT_SCALE_HALF_LIFE_READINGS,
        DEFAULT_CLIP,
        DEFAULT_MAX_SERIES,
        Map.of(),
        DEFAULT_MODEL_ID);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The neighbourhood of {@code device}: its configured one, else {@code site}. */
  public String neighbourhoodOf(String device, String site) {
    return neighbourhoods.getOrDefault(device, site);
  }

  /** Collects the components of one {@link SpatialConfig}; not thread-safe. */
  public static final class Builder {
    private int minDevices;
    private Duration maxAge;
    private int window;
    private double threshold;
    private double levelShiftShare;
    private int stuckReadings;
    private int warmUp;
    private int scaleHalfLife;
    private double clip;
    private int maxSeries;
    private Map<String, String> neighbourhoods;
    private String modelId;

    private Builder(SpatialConfig c) {
      minDevices = c.minDevices;
      maxAge = c.maxAge;
      window = c.window;
      threshold = c.threshold;
      levelShiftShare = c.levelShiftShare;
      stuckReadings = c.stuckReadings;
      warmUp = c.warmUp;
      scaleHalfLife = c.scaleHalfLife;
      clip = c.clip;
      maxSeries = c.maxSeries;
      neighbourhoods = c.neighbourhoods;
      modelId = c.modelId;
    }

    /** See {@link SpatialConfig#minDevices()}. */
    public Builder minDevices(int v) {
      minDevices = v;
      return this;
    }

    /** See {@link SpatialConfig#maxAge()}. */
    public Builder maxAge(Duration v) {
      maxAge = v;
      return this;
    }

    /** See {@link SpatialConfig#window()}. */
    public Builder window(int v) {
      window = v;
      return this;
    }

    /** See {@link SpatialConfig#threshold()}. */
    public Builder threshold(double v) {
      threshold = v;
      return this;
    }

    /** See {@link SpatialConfig#levelShiftShare()}. */
    public Builder levelShiftShare(double v) {
      levelShiftShare = v;
      return this;
    }

    /** See {@link SpatialConfig#stuckReadings()}. */
    public Builder stuckReadings(int v) {
      stuckReadings = v;
      return this;
    }

    /** See {@link SpatialConfig#warmUp()}. */
    public Builder warmUp(int v) {
      warmUp = v;
      return this;
    }

    /** See {@link SpatialConfig#scaleHalfLife()}. */
    public Builder scaleHalfLife(int v) {
      scaleHalfLife = v;
      return this;
    }

    /** See {@link SpatialConfig#clip()}. */
    public Builder clip(double v) {
      clip = v;
      return this;
    }

    /** See {@link SpatialConfig#maxSeries()}. */
    public Builder maxSeries(int v) {
      maxSeries = v;
      return this;
    }

    /** See {@link SpatialConfig#neighbourhoods()}. */
    public Builder neighbourhoods(Map<String, String> v) {
      neighbourhoods = v;
      return this;
    }

    /** See {@link SpatialConfig#modelId()}. */
    public Builder modelId(String v) {
      modelId = v;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public SpatialConfig build() {
      return new SpatialConfig(
          minDevices,
          maxAge,
          window,
          threshold,
          levelShiftShare,
          stuckReadings,
          warmUp,
          scaleHalfLife,
          clip,
          maxSeries,
          neighbourhoods,
          modelId);
    }
  }
}
