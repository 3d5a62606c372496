package dev.airtrace.serving.batching;

import dev.airtrace.inference.ModelManifest;
import java.nio.FloatBuffer;

/**
 * One request's rows for the model, written only when the batch runs, against the model version
 * that runs it (so a Kafka feature record is laid out by the channel list of the version that
 * actually serves it, even across a hot reload).
 *
 * <p>Implementations are immutable and may be written from any worker thread.
 */
public interface ServingBatchInput {

  /** Rows this input contributes to a batch, {@code >= 1}. */
  int rows();

  /** The model version this input must run on, or {@code 0} for whichever version is live. */
  default long requiredVersion() {
    return 0;
  }

  /**
   * Writes {@code rows() * model.input().rowSize()} values at {@code dst}'s position, row-major.
   *
   * @throws InputRejectedException when this input does not fit {@code model} (wrong size, missing
   *     channel); the batcher fails only this input and runs the others
   */
  void write(ModelManifest model, FloatBuffer dst);
}
