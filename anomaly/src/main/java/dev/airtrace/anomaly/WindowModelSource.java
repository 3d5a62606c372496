package dev.airtrace.anomaly;

/**
 * Where the detector gets its model for each run: typically a hot-reloading model repository (see
 * {@link ModelSources}), so the newest version is picked up without a restart.
 *
 * <p>Thread-safe: {@link #acquire()} may be called from any thread while the source reloads.
 */
@FunctionalInterface
public interface WindowModelSource {

  /**
   * Leases the current model; the caller closes the lease when its run is done.
   *
   * @throws dev.airtrace.inference.InferenceException when no model is available
   */
  WindowModel acquire();
}
