package dev.airtrace.anomaly;

import java.util.Objects;

/** Creates streaming anomaly detectors. */
public final class AnomalyDetectors {
  private AnomalyDetectors() {}

  /**
   * A detector with the given configuration that leases its model from {@code models} for every
   * model run.
   *
   * @param config thresholds, baselines, suppression
   * @param models the model source (for example {@link ModelSources}); the caller keeps ownership
   *     and closes it after the detector
   */
  public static StreamingAnomalyDetector create(AnomalyConfig config, WindowModelSource models) {
    return new WindowedDetector(
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(models, "models"));
  }
}
