package dev.airtrace.anomaly;

/**
 * The sensor-fault rules of the streaming detector. Every rule compares a series with its own past:
 * "typical change" {@code d} is a slow exponentially weighted mean of the absolute
 * reading-to-reading change (each change clipped at {@code clip × d} before it enters, so faults
 * barely move it). Counts are observations of one series. The defaults were chosen on the tuning
 * files of the environmental-fault corpus only (docs/quality.md); a rule is off when its factor is
 * 0.
 *
 * @param stuckMinRun shortest flat run (readings exactly equal to the first of the run) that can be
 *     stuck, {@code >= 2}
 * @param stuckRunFactor a flat run is stuck once it is longer than this × the longest flat run the
 *     series had that was not stuck; {@code 0} = rule off, else {@code >= 1}
 * @param dropoutMaxZeroShare a 0 reading is a dropout when zeros were at most this share of the
 *     series' readings so far and it lands more than {@code dropoutJumpFactor × d} from the
 *     previous reading; in {@code [0, 1]}
 * @param dropoutJumpFactor see {@code dropoutMaxZeroShare}; {@code 0} = rule off
 * @param spikeFactor reading {@code n-1} is a spike when it is more than this × d from both
 *     neighbours, on the same side of both, and more than this × d from their mean; {@code 0} = off
 * @param noiseFactor the recent mean absolute change (fast average, {@code noiseAverage}) above
 *     this × d is a noise burst; {@code 0} = off
 * @param noiseAverage readings in the fast average of the noise rule, {@code >= 2}
 * @param levelShiftFactor a step of more than this × d that the next {@code levelShiftHold}
 *     readings keep (all beyond half the step) is a level shift; {@code 0} = off
 * @param levelShiftHold readings after the step that must hold it, {@code 1..16}
 * @param scaleHalfLife half-life of d in observations, {@code >= 2}
 * @param clip changes above {@code clip × d} enter d as {@code clip × d}, {@code >= 1}
 * @param holdOff observations after a rule's alarm during which the same rule stays quiet, {@code
 *     >= 0}
 * @param barGrowth each spike, level-shift or noise finding multiplies the bar of those three rules
 *     (their limits) by this, so a series whose nature is spiky or bursty stops alarming on what is
 *     normal for it, {@code >= 1} ({@code 1} = fixed limits)
 * @param barHalfLife observations in which the raised bar falls half way back to 1, {@code >= 1}
 * @param likelihoodScale the scored likelihood (model and statistics) is multiplied by this before
 *     it enters the verdict's likelihood, in {@code (0, 1]}; rule findings score {@code >= 0.5}, so
 *     a scale of 0.5 ranks every rule finding above every scored likelihood (the anomalous decision
 *     still compares the unscaled likelihood with {@link AnomalyConfig#threshold()})
 */
public record FaultRuleConfig(
    int stuckMinRun,
    double stuckRunFactor,
    double dropoutMaxZeroShare,
    double dropoutJumpFactor,
    double spikeFactor,
    double noiseFactor,
    int noiseAverage,
    double levelShiftFactor,
    int levelShiftHold,
    int scaleHalfLife,
    double clip,
    int holdOff,
    double barGrowth,
    int barHalfLife,
    double likelihoodScale) {

  /** Shortest stuck run: 6 observations. */
  public static final int DEFAULT_STUCK_MIN_RUN_OBSERVATIONS = 6;

  /** Stuck = 1.5 × the longest normal flat run. */
  public static final double DEFAULT_STUCK_RUN_FACTOR = 1.5;

  /** Zeros rarer than 1 % of readings. */
  public static final double DEFAULT_DROPOUT_MAX_ZERO_SHARE = 0.01;

  /** A drop to 0 of 4 typical changes. */
  public static final double DEFAULT_DROPOUT_JUMP_FACTOR = 4;

  /** A spike is 6 typical changes from both neighbours. */
  public static final double DEFAULT_SPIKE_FACTOR = 6;

  /** Noise burst: recent changes 5 × typical. */
  public static final double DEFAULT_NOISE_FACTOR = 5;

  /** Fast average of the noise rule, observations. */
  public static final int DEFAULT_NOISE_AVERAGE_OBSERVATIONS = 6;

  /** Level shift: a step of 8 typical changes. */
  public static final double DEFAULT_LEVEL_SHIFT_FACTOR = 8;

  /** Readings that must hold a level shift. */
  public static final int DEFAULT_LEVEL_SHIFT_HOLD_OBSERVATIONS = 3;

  /** Half-life of the typical change, observations (a week of hourly readings). */
  public static final int DEFAULT_SCALE_HALF_LIFE_OBSERVATIONS = 168;

  /** Changes enter the typical change clipped at 5 × it. */
  public static final double DEFAULT_CLIP = 5;

  /** Each graded finding raises the bar by half. */
  public static final double DEFAULT_BAR_GROWTH = 1.5;

  /** The bar falls back with a half-life of 720 observations (a month of hourly readings). */
  public static final int DEFAULT_BAR_HALF_LIFE_OBSERVATIONS = 720;

  /** Scored likelihoods rank below every rule finding. */
  public static final double DEFAULT_LIKELIHOOD_SCALE = 0.5;

  /** Observations a rule stays quiet after its alarm. */
  public static final int DEFAULT_HOLD_OFF_OBSERVATIONS = 24;

  public FaultRuleConfig {
    if (stuckMinRun < 2) {
      throw new IllegalArgumentException("stuckMinRun must be >= 2 but was " + stuckMinRun);
    }
    if (!(stuckRunFactor == 0 || stuckRunFactor >= 1) || Double.isInfinite(stuckRunFactor)) {
      throw new IllegalArgumentException(
          "stuckRunFactor must be 0 or >= 1 but was " + stuckRunFactor);
    }
    if (!(dropoutMaxZeroShare >= 0 && dropoutMaxZeroShare <= 1)) {
      throw new IllegalArgumentException(
          "dropoutMaxZeroShare must be in [0, 1] but was " + dropoutMaxZeroShare);
    }
    requireFactor("dropoutJumpFactor", dropoutJumpFactor);
    requireFactor("spikeFactor", spikeFactor);
    requireFactor("noiseFactor", noiseFactor);
    requireFactor("levelShiftFactor", levelShiftFactor);
    if (noiseAverage < 2) {
      throw new IllegalArgumentException("noiseAverage must be >= 2 but was " + noiseAverage);
    }
    if (levelShiftHold < 1 || levelShiftHold > 16) {
      throw new IllegalArgumentException(
          "levelShiftHold must be in [1, 16] but was " + levelShiftHold);
    }
    if (scaleHalfLife < 2) {
      throw new IllegalArgumentException("scaleHalfLife must be >= 2 but was " + scaleHalfLife);
    }
    if (!(clip >= 1) || Double.isInfinite(clip)) {
      throw new IllegalArgumentException("clip must be >= 1 but was " + clip);
    }
    if (holdOff < 0) {
      throw new IllegalArgumentException("holdOff must be >= 0 but was " + holdOff);
    }
    if (!(barGrowth >= 1) || Double.isInfinite(barGrowth)) {
      throw new IllegalArgumentException("barGrowth must be >= 1 but was " + barGrowth);
    }
    if (barHalfLife < 1) {
      throw new IllegalArgumentException("barHalfLife must be >= 1 but was " + barHalfLife);
    }
    if (!(likelihoodScale > 0 && likelihoodScale <= 1)) {
      throw new IllegalArgumentException(
          "likelihoodScale must be in (0, 1] but was " + likelihoodScale);
    }
  }

  private static void requireFactor(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0 but was " + value);
    }
  }

  /** The configuration chosen on the tuning files (docs/quality.md). */
  public static FaultRuleConfig defaults() {
    return new FaultRuleConfig(
        DEFAULT_STUCK_MIN_RUN_OBSERVATIONS,
        DEFAULT_STUCK_RUN_FACTOR,
        DEFAULT_DROPOUT_MAX_ZERO_SHARE,
        DEFAULT_DROPOUT_JUMP_FACTOR,
        DEFAULT_SPIKE_FACTOR,
        DEFAULT_NOISE_FACTOR,
        DEFAULT_NOISE_AVERAGE_OBSERVATIONS,
        DEFAULT_LEVEL_SHIFT_FACTOR,
        DEFAULT_LEVEL_SHIFT_HOLD_OBSERVATIONS,
        DEFAULT_SCALE_HALF_LIFE_OBSERVATIONS,
        DEFAULT_CLIP,
        DEFAULT_HOLD_OFF_OBSERVATIONS,
        DEFAULT_BAR_GROWTH,
        DEFAULT_BAR_HALF_LIFE_OBSERVATIONS,
        DEFAULT_LIKELIHOOD_SCALE);
  }

  /** Every rule off: the detector reports only its scored likelihood. */
  public static FaultRuleConfig off() {
    return defaults().toBuilder()
        .stuckRunFactor(0)
        .dropoutJumpFactor(0)
        .spikeFactor(0)
        .noiseFactor(0)
        .levelShiftFactor(0)
        .likelihoodScale(1)
        .build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder starting from this value. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Fluent builder; {@link #build()} validates. */
  public static final class Builder {
    private int stuckMinRun;
    private double stuckRunFactor;
    private double dropoutMaxZeroShare;
    private double dropoutJumpFactor;
    private double spikeFactor;
    private double noiseFactor;
    private int noiseAverage;
    private double levelShiftFactor;
    private int levelShiftHold;
    private int scaleHalfLife;
    private double clip;
    private int holdOff;
    private double likelihoodScale;
    private double barGrowth;
    private int barHalfLife;

    private Builder(FaultRuleConfig f) {
      stuckMinRun = f.stuckMinRun;
      stuckRunFactor = f.stuckRunFactor;
      dropoutMaxZeroShare = f.dropoutMaxZeroShare;
      dropoutJumpFactor = f.dropoutJumpFactor;
      spikeFactor = f.spikeFactor;
      noiseFactor = f.noiseFactor;
      noiseAverage = f.noiseAverage;
      levelShiftFactor = f.levelShiftFactor;
      levelShiftHold = f.levelShiftHold;
      scaleHalfLife = f.scaleHalfLife;
      clip = f.clip;
      holdOff = f.holdOff;
      likelihoodScale = f.likelihoodScale;
      barGrowth = f.barGrowth;
      barHalfLife = f.barHalfLife;
    }

    public Builder stuckMinRun(int v) {
      stuckMinRun = v;
      return this;
    }

    public Builder stuckRunFactor(double v) {
      stuckRunFactor = v;
      return this;
    }

    public Builder dropoutMaxZeroShare(double v) {
      dropoutMaxZeroShare = v;
      return this;
    }

    public Builder dropoutJumpFactor(double v) {
      dropoutJumpFactor = v;
      return this;
    }

    public Builder spikeFactor(double v) {
      spikeFactor = v;
      return this;
    }

    public Builder noiseFactor(double v) {
      noiseFactor = v;
      return this;
    }

    public Builder noiseAverage(int v) {
      noiseAverage = v;
      return this;
    }

    public Builder levelShiftFactor(double v) {
      levelShiftFactor = v;
      return this;
    }

    public Builder levelShiftHold(int v) {
      levelShiftHold = v;
      return this;
    }

    public Builder scaleHalfLife(int v) {
      scaleHalfLife = v;
      return this;
    }

    public Builder clip(double v) {
      clip = v;
      return this;
    }

    public Builder holdOff(int v) {
      holdOff = v;
      return this;
    }

    public Builder barGrowth(double v) {
      barGrowth = v;
      return this;
    }

    public Builder barHalfLife(int v) {
      barHalfLife = v;
      return this;
    }

    public Builder likelihoodScale(double v) {
      likelihoodScale = v;
      return this;
    }

    public FaultRuleConfig build() {
      return new FaultRuleConfig(
          stuckMinRun,
          stuckRunFactor,
          dropoutMaxZeroShare,
          dropoutJumpFactor,
          spikeFactor,
          noiseFactor,
          noiseAverage,
          levelShiftFactor,
          levelShiftHold,
          scaleHalfLife,
          clip,
          holdOff,
          barGrowth,
          barHalfLife,
          likelihoodScale);
    }
  }
}
