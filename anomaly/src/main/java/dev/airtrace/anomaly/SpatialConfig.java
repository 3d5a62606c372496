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
 * @param spikeFactor a reading whose deviation from the neighbour median jumps away from the
 *     device's previous deviation and back at the next one, both steps on the same side and at
 *     least this many typical changes, is a <b>spike</b> (named with the next reading); {@code 0}
 *     switches the test off, else {@code > 0}
 * @param noiseFactor a device whose recent mean change of deviation (an EWM with half-life {@code
 *     noiseHalfLife}) reaches this many typical changes is <b>noisy</b> (alarms once, re-arms below
 *     half of it); {@code 0} switches the test off, else {@code > 1}
 * @param noiseHalfLife half-life, in readings of the device, of its recent mean change of
 *     deviation, {@code >= 1}
 * @param roughnessHalfLife half-life, in evaluated readings of the neighbourhood-quantity (all
 *     devices together), of the typical change: the mean |change of deviation| between consecutive
 *     readings of a device, over all devices; short, so it follows the hours when every sensor is
 *     noisier (PM noise grows with the level), {@code >= 2}
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
    double spikeFactor,
    double noiseFactor,
    int noiseHalfLife,
    int roughnessHalfLife,
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

  /**
   * Default spike test: both steps at least 5 typical changes. A clean change of deviation is near
   * Gaussian with σ = 1.25 typical changes (mean |x| = 0.8 σ), so each step is beyond 4 σ and both
   * together (they share the middle reading's noise) need that reading about 5.7 device σ off: far
   * below one in a million values. The corpus's smallest spike, 6 d, is about 6.5 typical changes
   * at an average hour (d ≈ σ of the device's own changes; the neighbour median adds 16 % noise).
   */
  public static final double DEFAULT_SPIKE_FACTOR = 5;

  /**
   * Default noise test: a recent mean change of deviation of 2.5 typical changes. The corpus's
   * smallest burst, N(0, (2 d)²), raises it to about 2.6 (σ of a change √(1.16² + 2.83²) against
   * 1.16 device σ); the clean demo fleet's largest was 2.1 (docs/quality.md §8).
   */
  public static final double DEFAULT_NOISE_FACTOR = 2.5;

  /**
   * Default half-life of a device's recent mean change of deviation: 6 readings, so the mean of a
   * clean device varies by about ±18 % and a burst of 6–24 readings still reaches its level.
   */
  public static final int DEFAULT_NOISE_HALF_LIFE_READINGS = 6;

  /**
   * Default half-life of the typical change: 100 evaluated readings of the neighbourhood (20
   * minutes for five devices at one a minute), short enough to follow the hours when every sensor
   * of the site is noisier.
   */
  public static final int DEFAULT_ROUGHNESS_HALF_LIFE_READINGS = 100;

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
    require(
        spikeFactor == 0 || (spikeFactor > 0 && Double.isFinite(spikeFactor)),
        "spikeFactor must be 0 (off) or > 0 but was " + spikeFactor);
    require(
        noiseFactor == 0 || (noiseFactor > 1 && Double.isFinite(noiseFactor)),
        "noiseFactor must be 0 (off) or > 1 but was " + noiseFactor);
    require(noiseHalfLife >= 1, "noiseHalfLife must be >= 1 but was " + noiseHalfLife);
    require(roughnessHalfLife >= 2, "roughnessHalfLife must be >= 2 but was " + roughnessHalfLife);
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
        DEFAULT_SPIKE_FACTOR,
        DEFAULT_NOISE_FACTOR,
        DEFAULT_NOISE_HALF_LIFE_READINGS,
        DEFAULT_ROUGHNESS_HALF_LIFE_READINGS,
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
    private double spikeFactor;
    private double noiseFactor;
    private int noiseHalfLife;
    private int roughnessHalfLife;
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
      spikeFactor = c.spikeFactor;
      noiseFactor = c.noiseFactor;
      noiseHalfLife = c.noiseHalfLife;
      roughnessHalfLife = c.roughnessHalfLife;
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

    /** See {@link SpatialConfig#spikeFactor()}. */
    public Builder spikeFactor(double v) {
      spikeFactor = v;
      return this;
    }

    /** See {@link SpatialConfig#noiseFactor()}. */
    public Builder noiseFactor(double v) {
      noiseFactor = v;
      return this;
    }

    /** See {@link SpatialConfig#noiseHalfLife()}. */
    public Builder noiseHalfLife(int v) {
      noiseHalfLife = v;
      return this;
    }

    /** See {@link SpatialConfig#roughnessHalfLife()}. */
    public Builder roughnessHalfLife(int v) {
      roughnessHalfLife = v;
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
          spikeFactor,
          noiseFactor,
          noiseHalfLife,
          roughnessHalfLife,
          warmUp,
          scaleHalfLife,
          clip,
          maxSeries,
          neighbourhoods,
          modelId);
    }
  }
}
