package dev.airtrace.inference;

import java.nio.FloatBuffer;

/**
 * A loaded model with one float32 input: batch-first, {@code run} takes a whole batch in one native
 * call, which is what makes per-reading inference affordable.
 *
 * <p>Thread-safe: {@link #run} may be called from several threads at once (implementations share
 * one native session or keep an execution context per thread). Closing while a run is in progress
 * is the caller's error; {@link ModelRepository} leases prevent it.
 */
public interface Model extends AutoCloseable {

  /** What was loaded: name, version, hash, tensor signature. */
  ModelManifest manifest();

  /** The backend running this model. */
  BackendInfo backend();

  /**
   * Runs one batch.
   *
   * @param input row-major float32 values of shape {@code [batch, ...]} (the manifest's input shape
   *     with its leading {@code -1} replaced by {@code batch}); read from its position to its
   *     limit, which must hold exactly that many values
   * @param batch the number of rows, {@code >= 1}
   * @return every output the manifest names, copied to the heap
   * @throws InferenceException when the input size does not match or the native run fails
   */
  Outputs run(FloatBuffer input, int batch);

  /** Releases the native session. */
  @Override
  void close();
}
