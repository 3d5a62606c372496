package dev.airtrace.topics.processor;

/**
 * A site's learned correction for one horizon and model: {@code corrected = offset + scale ×
 * model}. Immutable.
 *
 * @param offset additive term (µg/m³)
 * @param scale multiplicative term (dimensionless)
 * @param forgetting the forgetting factor λ per hour of verified time it was learned with (0 < λ ≤
 *     1)
 * @param updates how many verification updates built this state (it increases by one with every
 *     verification of the site, horizon and model, revisions included)
 */
public record ForecastCorrection(double offset, double scale, double forgetting, long updates) {
  /** The identity: no correction. */
  public static final ForecastCorrection IDENTITY = new ForecastCorrection(0, 1, 1, 0);

  public ForecastCorrection {
    if (!Double.isFinite(offset) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("correction must be finite: " + offset + ", " + scale);
    }
    if (!(forgetting > 0 && forgetting <= 1)) {
      throw new IllegalArgumentException(
          "forgetting factor must be in (0, 1] but was " + forgetting);
    }
    if (updates < 0) {
      throw new IllegalArgumentException("updates must be >= 0 but was " + updates);
    }
  }

  /** Applies the correction to a model output. */
  public double apply(double model) {
    return offset + scale * model;
  }

  /**
   * The state's id as recorded in a forecast: {@code <model>/h<hours>/<updates>}, e.g. {@code
   * pm25-forecast@2/h6/57} (with the site that names one state exactly).
   */
  public String id(String model, int hours) {
    return model + "/h" + hours + "/" + updates;
  }
}
