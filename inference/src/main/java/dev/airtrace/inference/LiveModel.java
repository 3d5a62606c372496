package dev.airtrace.inference;

/**
 * One model name served by a {@link ModelRepository}: whichever version is current right now. Hold
 * a {@link Lease} for the duration of a run (or a batch of runs); a version swapped out while
 * leased stays open until its last lease closes, so in-flight runs never fail because of a reload.
 *
 * <pre>{@code
 * try (LiveModel.Lease lease = anomaly.acquire()) {
 *   Outputs out = lease.model().run(windows, batch);
 *   String version = lease.model().manifest().id();   // the version that produced out
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may acquire leases at once; acquiring never blocks.
 */
public interface LiveModel {

  /** The model name. */
  String name();

  /** The manifest of the version serving now (it may change right after this returns). */
  ModelManifest current();

  /**
   * Leases the current version.
   *
   * @throws IllegalStateException when the repository is closed
   */
  Lease acquire();

  /**
   * One holder's claim on one loaded version. Not thread-safe itself: one thread uses and closes it
   * (closing twice is harmless).
   */
  interface Lease extends AutoCloseable {
    /** The leased version; valid until this lease is closed. */
    Model model();

    /** Releases the claim; the version is closed when it is no longer current and unleased. */
    @Override
    void close();
  }
}
