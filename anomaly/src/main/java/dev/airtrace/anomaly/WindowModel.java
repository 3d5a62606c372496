package dev.airtrace.anomaly;

import java.nio.FloatBuffer;

/**
 * A leased window-scoring model: input {@code [batch, W, 1]} of per-series-normalised values
 * (oldest → newest), output one raw score per row (higher = more anomalous). Obtained from {@link
 * WindowModelSource#acquire()} and closed by the caller after the run, which releases the lease
 * (the underlying model stays loaded while any lease is open, so a hot reload never closes a model
 * in use).
 *
 * <p>Thread-safety follows the underlying model: {@link #score} may be called from several threads.
 */
public interface WindowModel extends AutoCloseable {

  /** The window length W the model expects. */
  int window();

  /** How the detector must normalise windows for this model (the sidecar's {@code "window"}). */
  WindowSpec spec();

  /** {@code name@version}. */
  String modelId();

  /** The backend token the model runs on, for example {@code ort-cpu}. */
  String accelerator();

  /**
   * Scores {@code batch} windows in one run.
   *
   * @param windows row-major {@code [batch, W, 1]}, read from position to limit
   * @return {@code batch} raw scores
   */
  float[] score(FloatBuffer windows, int batch);

  /** Releases the lease. */
  @Override
  void close();
}
