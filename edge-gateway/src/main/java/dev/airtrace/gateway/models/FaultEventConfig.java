package dev.airtrace.gateway.models;

import dev.airtrace.anomaly.SpatialConfig;
import java.util.Objects;

/**
 * Which of the detector's findings become anomaly events, and the neighbour comparison beside it
 * (docs/quality.md, "Alarm budget"). Every fault rule finding (stuck, dropout, spike, noise, level
 * shift) and every spatial finding (drift, level shift, stuck against the neighbours) is an event;
 * a verdict that only the statistical likelihood made ({@code unusual}) is an event when its
 * likelihood (the scaled one the verdict carries) reaches {@code unusualMinLikelihood}. The
 * readings topic marks exactly the values that have an event. Immutable.
 *
 * @param spatialEnabled whether readings are compared with their neighbours ({@link
 *     dev.airtrace.anomaly.SpatialConsistency}); default on
 * @param spatial the neighbour comparison's settings ({@link SpatialConfig#defaults()})
 * @param unusualMinLikelihood the verdict likelihood at or above which an {@code unusual} verdict
 *     raises an event, in {@code [0, 1]}; {@code 1} raises none, {@code 0} every one (the behaviour
 *     before the alarm budget). Default {@value #DEFAULT_UNUSUAL_MIN_LIKELIHOOD}
 */
public record FaultEventConfig(
    boolean spatialEnabled, SpatialConfig spatial, double unusualMinLikelihood) {

  /** Default: no event from the statistical likelihood alone. TODO-MEASURE */
  public static final double DEFAULT_UNUSUAL_MIN_LIKELIHOOD = 1.0;

  public FaultEventConfig {
    Objects.requireNonNull(spatial, "spatial");
    if (!(unusualMinLikelihood >= 0 && unusualMinLikelihood <= 1)) {
      throw new IllegalArgumentException(
          "unusualMinLikelihood must be in [0, 1] but was " + unusualMinLikelihood);
    }
  }

  /** Spatial consistency on with its defaults, no events from the likelihood alone. */
  public static FaultEventConfig defaults() {
    return new FaultEventConfig(true, SpatialConfig.defaults(), DEFAULT_UNUSUAL_MIN_LIKELIHOOD);
  }

  /** Every anomalous verdict is an event and no neighbour comparison: the gateway before #11. */
  public static FaultEventConfig everyVerdict() {
    return new FaultEventConfig(false, SpatialConfig.defaults(), 0);
  }

  /** This configuration with the neighbour comparison switched on or off. */
  public FaultEventConfig withSpatial(boolean enabled) {
    return new FaultEventConfig(enabled, spatial, unusualMinLikelihood);
  }

  /** This configuration with other neighbour-comparison settings. */
  public FaultEventConfig toSpatial(SpatialConfig value) {
    return new FaultEventConfig(spatialEnabled, value, unusualMinLikelihood);
  }

  /** This configuration with another {@link #unusualMinLikelihood()}. */
  public FaultEventConfig withUnusualMinLikelihood(double value) {
    return new FaultEventConfig(spatialEnabled, spatial, value);
  }
}
