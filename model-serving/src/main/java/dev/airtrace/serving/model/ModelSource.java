package dev.airtrace.serving.model;

import dev.airtrace.inference.BackendInfo;
import dev.airtrace.inference.ModelManifest;
import java.util.Optional;

/**
 * The live version of one named model. A hot-reloading implementation swaps versions at any time;
 * callers never keep a {@link dev.airtrace.inference.Model} beyond one {@link #acquire()} lease.
 *
 * <p>Thread-safe.
 */
public interface ModelSource extends AutoCloseable {

  /** The model's name (its directory in the repository). */
  String modelName();

  /** The backend every version runs on. */
  BackendInfo backend();

  /** The manifest of the version serving now, if any. */
  Optional<ModelManifest> live();

  /**
   * Leases the live version for one batch.
   *
   * @throws ModelUnavailableException when no version is loaded
   */
  ModelLease acquire();

  /** Unloads every version and stops watching for new ones. */
  @Override
  void close();
}
