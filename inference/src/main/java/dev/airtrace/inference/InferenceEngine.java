package dev.airtrace.inference;

/**
 * One inference backend for the whole process: loads {@link Model}s from ONNX files described by a
 * {@link ModelManifest}. Create it with {@code InferenceEngines.create(config)}, which settles the
 * backend once (see {@link Accelerator}); close it after every model it loaded is closed.
 *
 * <p>Thread-safe: models may be loaded from any thread.
 */
public interface InferenceEngine extends AutoCloseable {

  /** The backend this engine runs every model on. */
  BackendInfo backend();

  /**
   * Loads a model: verifies the file's SHA-256 against the manifest, creates the native session (or
   * builds or reuses the TensorRT plan) and checks the model's inputs and outputs against the
   * manifest.
   *
   * @throws InferenceException when the file is missing, corrupt, does not match its hash, or its
   *     signature disagrees with the manifest
   */
  Model load(ModelManifest manifest);

  /** Releases the native environment. */
  @Override
  void close();
}
