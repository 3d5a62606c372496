package dev.airtrace.anomaly;

import dev.airtrace.inference.LiveModel;
import java.util.Objects;

/** Creates streaming anomaly detectors. */
public final class AnomalyDetectors {
  /** The model output the detector reads: one raw score per window row. */
  public static final String SCORE_OUTPUT = "score";

  private AnomalyDetectors() {}

  /**
   * A detector with the given configuration that leases the current version of {@code model} for
   * every model run, so a version hot-reloaded into the repository is used from the next run and
   * verdicts name it.
   *
   * @param config thresholds, baselines, suppression
   * @param model a repository model ({@code ModelRepository.model(name)}) or {@link
   *     LiveModel#fixed} over one loaded model; input {@code [batch, W, 1]} of normalised values,
   *     output {@value #SCORE_OUTPUT} with one score per row, sidecar with a {@code "window"}
   *     section ({@link WindowSpec}); the caller keeps ownership and closes it after the detector
   */
  public static StreamingAnomalyDetector create(AnomalyConfig config, LiveModel model) {
    return new WindowedDetector(
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(model, "model"));
  }
}
