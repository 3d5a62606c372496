package dev.airtrace.inference;

import java.util.Objects;

/**
 * One model name served by a {@link ModelRepository}: whichever version is current right now. Hold
 * a {@link Lease} for the duration of a run (or a batch of runs); a version swapped out while
 * leased stays open until its last lease closes, so in-flight runs never fail because of a reload.
 *
 * <p>The one lease type for a hot-reloaded model: the anomaly detector, the gateway's models and
 * the serving tier all lease through it, and add only what they need on top (a window spec cache,
 * reload metrics) as thin adapters. {@link #fixed(Model)} is the same contract over one loaded
 * model that never reloads (tests, benchmarks, one-shot runs).
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

  /** The backend every version runs on. */
  BackendInfo backend();

  /**
   * Leases the current version.
   *
   * @throws IllegalStateException when the repository is closed
   */
  Lease acquire();

  /**
   * A live model that always leases {@code model}: no reload, and closing a lease does not close
   * the model; the caller keeps ownership and closes it after the last run.
   */
  static LiveModel fixed(Model model) {
    Objects.requireNonNull(model, "model");
    return new LiveModel() {
      @Override
      public String name() {
        return model.manifest().name();
      }

      @Override
      public ModelManifest current() {
        return model.manifest();
      }

      @Override
      public BackendInfo backend() {
        return model.backend();
      }

      @Override
      public Lease acquire() {
        return new Lease() {
          @Override
          public Model model() {
            return model;
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public String toString() {
        return "LiveModel.fixed[" + model.manifest().id() + "]";
      }
    };
  }

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
