package dev.airtrace.processor;

import java.time.Duration;

/**
 * Configuration of the forecast verifier, the optional part of the processor's topology that checks
 * every forecast against the hour it was for, keeps rolling skill per site, horizon and model, and
 * learns the online correction that model-serving applies (docs/serving.md#verification).
 * Immutable.
 *
 * <p>The correction is exponentially weighted least squares of the observed hourly mean on the
 * model's output, {@code observed ≈ offset + scale × model}, over the verified hours of the window:
 * a verified hour {@code k} hours older than the newest one weighs {@code forgetting^k}. The scale
 * is shrunk toward 1 by {@code scalePrior} (see {@link
 * ForecastVerifierProcessor#correction(java.util.Collection, long, VerificationConfig)}) and
 * clamped to [{@code minScale}, {@code maxScale}]. The defaults fix the scale at 1 (an offset-only
 * correction) and forget slowly; the decision switches away from the model's own output only when
 * the other source beats it by {@code switchMargin} (see {@link ForecastVerifierProcessor#skill}),
 * except that at the 1-hour horizon persistence needs only {@code firstHourFallbackMargin}. Both
 * were chosen on the model's validation quarter (Oct–Dec 2013, {@code
 * models/forecast/correction_sim.py}; docs/serving.md#correction-and-fallback): there a fitted
 * scale and a decision that followed the lowest window RMSE lost up to 2 points of skill against
 * the model's own output.
 *
 * @param enabled whether the processor runs the verifier (it then reads {@code
 *     airtrace.serving.forecasts.v1}, which must exist)
 * @param windowHours the rolling window in hours (skill statistics and the correction's data), 24
 *     to {@value #MAX_WINDOW_HOURS}
 * @param forgetting forgetting factor λ per hour of verified time, in (0, 1]; 1 = every hour of the
 *     window weighs the same
 * @param minVerifications verified hours of a site, horizon and model before serving uses the
 *     correction or falls back to persistence (before that: the model's own output), 1 to {@code
 *     windowHours}
 * @param scalePrior ridge strength pulling the scale toward 1, in (µg/m³)², ≥ 0: the scale is
 *     {@code (cov + scalePrior) / (var + scalePrior)} of the weighted model outputs and
 *     observations
 * @param minScale smallest scale applied, &gt; 0
 * @param maxScale largest scale applied, ≥ {@code minScale}
 * @param switchMargin relative RMSE gain, in [0, 1), another source needs on the window before it
 *     replaces the model's output (and persistence before it replaces the corrected value): 0.10 =
 *     the corrected value is served only when its window RMSE is below 0.9 × the model's window
 *     RMSE
 * @param firstHourFallbackMargin the margin persistence needs at the 1-hour horizon (in [0, 1); at
 *     the other horizons it needs {@code switchMargin}): 0 = at 1 h persistence is served as soon
 *     as its window RMSE is below that of the model variant chosen
 * @param retention how long (in verified time, behind the newest observed hour) forecasts wait for
 *     their hour and observed hours wait for forecasts and revisions; at least the processor's late
 *     horizon plus the longest horizon, so a revision still finds its forecasts
 */
public record VerificationConfig(
    boolean enabled,
    int windowHours,
    double forgetting,
    int minVerifications,
    double scalePrior,
    double minScale,
    double maxScale,
    double switchMargin,
    double firstHourFallbackMargin,
    Duration retention) {

  /** The verifier is off unless asked for: it needs the forecasts topic to exist. */
  public static final boolean DEFAULT_ENABLED = false;

  /** Default window: 14 days of hours. */
  public static final int DEFAULT_WINDOW_HOURS = 14 * 24;

  /** Longest window: 60 days of hours (bounds the per-key store value). */
  public static final int MAX_WINDOW_HOURS = 60 * 24;

  /**
   * Default forgetting factor per hour: 0.999, a memory of 1 / (1 − λ) = 1,000 hours, so the 14-day
   * window is weighed almost evenly (its oldest hour weighs 0.999^336 ≈ 0.71): an offset learned
   * from a whole fortnight, not from the last few days' episode. On Oct–Dec 2013 it lost the least
   * skill of 0.99 / 0.995 / 0.999 (docs/serving.md#correction-and-fallback).
   */
  public static final double DEFAULT_FORGETTING = 0.999;

  /** Default warm-up: one day of verified hours per site, horizon and model. */
  public static final int DEFAULT_MIN_VERIFICATIONS = 24;

  /**
   * Default scale prior: 25 (µg/m³)², as if the model's outputs had 5 µg/m³ more spread at scale 1.
   */
  public static final double DEFAULT_SCALE_PRIOR = 25.0;

  /**
   * Default smallest scale: 1, with {@link #DEFAULT_MAX_SCALE} an offset-only correction. A scale
   * learned in calm weeks (below 1) shrinks the forecasts of the next episode. On Oct–Dec 2013 the
   * scale's form made no consistent difference (served without a margin, at λ = 0.999: fitted scale
   * at worst −1.41 points of skill against the model's output, offset-only −1.35), so the default
   * is the form that cannot shrink an episode and has one parameter.
   */
  public static final double DEFAULT_MIN_SCALE = 1.0;

  /** Default largest scale: 1 (see {@link #DEFAULT_MIN_SCALE}). */
  public static final double DEFAULT_MAX_SCALE = 1.0;

  /**
   * Default switch margin: 10 % lower window RMSE. On Oct–Dec 2013, margins of 7.5 % and 10 % kept
   * the served skill equal to the model's at every horizon, 0–5 % lost up to 2.2 points (switching
   * on differences that the next hours did not repeat).
   */
  public static final double DEFAULT_SWITCH_MARGIN = 0.10;

  /**
   * Default margin for the persistence fallback at the 1-hour horizon: none. At 1 h the model's
   * whole edge over persistence is small (6 % RMSE skill on the 2014 test year, 9 % on Oct–Dec
   * 2013), so with a 10 % margin there the fallback hardly ever fired: on a simulated low-cost
   * sensor site (the 2014 series with 20 % multiplicative noise and a +10 µg/m³ bias, Jan–Apr 2014)
   * the served 1-h forecast stayed 0.2 % worse than persistence after two weeks, and 2.5 % worse in
   * its worst month. Without a margin at 1 h it was 0.8 % better (worst month −0.1 %); on Oct–Dec
   * 2013 the 1-h skill was the model's either way; on the 2014 test year it costs 0.4 point at 1 h
   * (5.8 % served against the model's 6.2 %) (docs/forecast-evaluation.md, "Simulated sites").
   */
  public static final double DEFAULT_FIRST_HOUR_FALLBACK_MARGIN = 0.0;

  /** Default retention: 8 days (the 7-day late horizon, the 12-hour horizons and a margin). */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(8);

  public VerificationConfig {
    java.util.Objects.requireNonNull(retention, "retention");
    if (windowHours < 24 || windowHours > MAX_WINDOW_HOURS) {
      throw new IllegalArgumentException(
          "windowHours must be in [24, " + MAX_WINDOW_HOURS + "] but was " + windowHours);
    }
    if (!(forgetting > 0 && forgetting <= 1)) {
      throw new IllegalArgumentException("forgetting must be in (0, 1] but was " + forgetting);
    }
    if (minVerifications < 1 || minVerifications > windowHours) {
      throw new IllegalArgumentException(
          "minVerifications must be in [1, windowHours] but was " + minVerifications);
    }
    if (!(scalePrior >= 0) || Double.isInfinite(scalePrior)) {
      throw new IllegalArgumentException("scalePrior must be >= 0 but was " + scalePrior);
    }
    if (!(minScale > 0) || !(maxScale >= minScale) || Double.isInfinite(maxScale)) {
      throw new IllegalArgumentException(
          "scale bounds must satisfy 0 < minScale <= maxScale but were "
              + minScale
              + ", "
              + maxScale);
    }
    if (!(switchMargin >= 0 && switchMargin < 1)) {
      throw new IllegalArgumentException("switchMargin must be in [0, 1) but was " + switchMargin);
    }
    if (!(firstHourFallbackMargin >= 0 && firstHourFallbackMargin < 1)) {
      throw new IllegalArgumentException(
          "firstHourFallbackMargin must be in [0, 1) but was " + firstHourFallbackMargin);
    }
    if (retention.compareTo(Duration.ofDays(1)) < 0
        || retention.compareTo(ProcessorConfig.MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "retention must be in [P1D, " + ProcessorConfig.MAX_DURATION + "] but was " + retention);
    }
  }

  /** Every default (verifier off). */
  public static VerificationConfig defaults() {
    return new VerificationConfig(
        DEFAULT_ENABLED,
        DEFAULT_WINDOW_HOURS,
        DEFAULT_FORGETTING,
        DEFAULT_MIN_VERIFICATIONS,
        DEFAULT_SCALE_PRIOR,
        DEFAULT_MIN_SCALE,
        DEFAULT_MAX_SCALE,
        DEFAULT_SWITCH_MARGIN,
        DEFAULT_FIRST_HOUR_FALLBACK_MARGIN,
        DEFAULT_RETENTION);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Collects the components of one {@link VerificationConfig}. Not thread-safe. */
  public static final class Builder {
    private boolean enabled;
    private int windowHours;
    private double forgetting;
    private int minVerifications;
    private double scalePrior;
    private double minScale;
    private double maxScale;
    private double switchMargin;
    private double firstHourFallbackMargin;
    private Duration retention;

    private Builder(VerificationConfig from) {
      enabled = from.enabled;
      windowHours = from.windowHours;
      forgetting = from.forgetting;
      minVerifications = from.minVerifications;
      scalePrior = from.scalePrior;
      minScale = from.minScale;
      maxScale = from.maxScale;
      switchMargin = from.switchMargin;
      firstHourFallbackMargin = from.firstHourFallbackMargin;
      retention = from.retention;
    }

    /** See {@link VerificationConfig#enabled()}. */
    public Builder enabled(boolean value) {
      enabled = value;
      return this;
    }

    /** See {@link VerificationConfig#windowHours()}. */
    public Builder windowHours(int value) {
      windowHours = value;
      return this;
    }

    /** See {@link VerificationConfig#forgetting()}. */
    public Builder forgetting(double value) {
      forgetting = value;
      return this;
    }

    /** See {@link VerificationConfig#minVerifications()}. */
    public Builder minVerifications(int value) {
      minVerifications = value;
      return this;
    }

    /** See {@link VerificationConfig#scalePrior()}. */
    public Builder scalePrior(double value) {
      scalePrior = value;
      return this;
    }

    /** Sets {@link VerificationConfig#minScale()} and {@link VerificationConfig#maxScale()}. */
    public Builder scaleBounds(double min, double max) {
      minScale = min;
      maxScale = max;
      return this;
    }

    /** See {@link VerificationConfig#switchMargin()}. */
    public Builder switchMargin(double value) {
      switchMargin = value;
      return this;
    }

    /** See {@link VerificationConfig#firstHourFallbackMargin()}. */
    public Builder firstHourFallbackMargin(double value) {
      firstHourFallbackMargin = value;
      return this;
    }

    /** See {@link VerificationConfig#retention()}. */
    public Builder retention(Duration value) {
      retention = value;
      return this;
    }

    /** The validated configuration. */
    public VerificationConfig build() {
      return new VerificationConfig(
          enabled,
          windowHours,
          forgetting,
          minVerifications,
          scalePrior,
          minScale,
          maxScale,
          switchMargin,
          firstHourFallbackMargin,
          retention);
    }
  }
}
