package dev.airtrace.serving.model;

import dev.airtrace.core.lifecycle.Closeables;
import dev.airtrace.inference.BackendInfo;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.ModelRepository;
import dev.airtrace.inference.ModelRepositoryListener;
import dev.airtrace.inference.RepositoryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The serving tier's {@link LiveModel}: the live version of one model from the inference module's
 * hot-reloading {@link ModelRepository}, plus what serving adds on top (it owns the engine and the
 * repository, counts reloads, and reports a closed source as {@link ModelUnavailableException}): a
 * version dropped into {@code <repository>/<name>/<version>/} is loaded, checked against its golden
 * outputs (which also warms it up) and swapped in atomically; a broken one is refused and the old
 * version keeps serving. Leases keep a swapped-out version open until its last batch finishes, so a
 * reload never fails an in-flight request.
 *
 * <p>Counts {@code airtrace.serving.model.reloads{outcome=success|failure}}. Owns the engine and
 * the repository it opened. Thread-safe.
 */
public final class RepositoryModelSource implements LiveModel, AutoCloseable {
  private final InferenceEngine engine;
  private final ModelRepository repository;
  private final LiveModel live;

  private RepositoryModelSource(
      InferenceEngine engine, ModelRepository repository, LiveModel live) {
    this.engine = engine;
    this.repository = repository;
    this.live = live;
  }

  /**
   * Opens the engine for {@code inference}, then the repository serving {@code model}, rescanning
   * every {@code rescan}.
   *
   * @throws dev.airtrace.inference.InferenceException when the accelerator is missing in strict
   *     mode or no version of the model loads
   */
  public static RepositoryModelSource open(
      InferenceConfig inference,
      Path repository,
      String model,
      Duration rescan,
      MeterRegistry registry) {
    Counter loaded =
        Counter.builder("airtrace.serving.model.reloads")
            .tag("outcome", "success")
            .description("model versions swapped in (the startup load counts)")
            .register(registry);
    Counter refused =
        Counter.builder("airtrace.serving.model.reloads")
            .tag("outcome", "failure")
            .description("model versions refused; the previous version kept serving")
            .register(registry);
    ModelRepositoryListener metrics =
        new ModelRepositoryListener() {
          @Override
          public void onVersionChange(VersionChange change) {
            loaded.increment();
          }

          @Override
          public void onRefused(Refusal refusal) {
            refused.increment();
          }
        };
    InferenceEngine engine = InferenceEngines.create(inference);
    try {
      ModelRepository repo =
          ModelRepository.open(
              engine,
              RepositoryConfig.builder(repository, model).rescanInterval(rescan).build(),
              metrics);
      return new RepositoryModelSource(engine, repo, repo.model(model));
    } catch (RuntimeException e) {
      throw Closeables.closeOnFailure(e, engine);
    }
  }

  /** Rescans now and returns once a new version is swapped in or refused (tests, operators). */
  public void reload() {
    repository.reload();
  }

  @Override
  public String name() {
    return live.name();
  }

  @Override
  public BackendInfo backend() {
    return repository.backend();
  }

  @Override
  public ModelManifest current() {
    return live.current();
  }

  /**
   * Leases the live version for one batch.
   *
   * @throws ModelUnavailableException when this source is closed
   */
  @Override
  public Lease acquire() {
    try {
      return live.acquire();
    } catch (IllegalStateException e) {
      throw new ModelUnavailableException(live.name() + " is closed");
    }
  }

  /** Unloads every version (each once its last lease closes) and closes the engine. */
  @Override
  public void close() {
    Closeables.closeAll(repository, engine);
  }
}
