package dev.airtrace.anomaly;

import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Adapters from the inference module to {@link WindowModelSource}. Each adapter reads the model's
 * {@link WindowSpec} from its sidecar and passes the model's {@code score} output through.
 */
public final class ModelSources {
  /** The output the detector reads. */
  public static final String SCORE_OUTPUT = "score";

  private ModelSources() {}

  /**
   * A fixed, already loaded model (no hot reload): for tests, benchmarks and one-shot runs. The
   * caller keeps ownership of {@code model} and closes it after the detector.
   */
  public static WindowModelSource fixed(Model model) {
    WindowModel lease = new LoadedWindowModel(model, () -> {});
    return () -> lease;
  }

  /**
   * The current version of a hot-reloading repository model: every {@link
   * WindowModelSource#acquire()} leases whatever version serves now, so a version dropped into the
   * repository is used from the detector's next model run, and verdicts name it. The repository
   * keeps ownership of its models.
   */
  public static WindowModelSource live(LiveModel model) {
    Objects.requireNonNull(model, "model");
    return new LiveSource(model);
  }

  /** Leases from a {@link LiveModel}; caches the window spec of the last manifest seen. */
  private static final class LiveSource implements WindowModelSource {
    private final LiveModel live;
    private volatile Parsed last;

    private record Parsed(ModelManifest manifest, WindowSpec spec) {}

    LiveSource(LiveModel live) {
      this.live = live;
    }

    @Override
    public WindowModel acquire() {
      LiveModel.Lease lease = live.acquire();
      try {
        Model model = lease.model();
        ModelManifest manifest = model.manifest();
        Parsed parsed = last;
        if (parsed == null || parsed.manifest() != manifest) {
          parsed = new Parsed(manifest, WindowSpec.fromManifest(manifest));
          last = parsed;
        }
        return new LoadedWindowModel(model, parsed.spec(), lease::close);
      } catch (RuntimeException e) {
        lease.close();
        throw e;
      }
    }
  }

  /** A window model over a loaded inference model; {@code release} runs on close. */
  static final class LoadedWindowModel implements WindowModel {
    private final Model model;
    private final WindowSpec spec;
    private final Runnable release;

    LoadedWindowModel(Model model, Runnable release) {
      this(model, WindowSpec.fromManifest(model.manifest()), release);
    }

    LoadedWindowModel(Model model, WindowSpec spec, Runnable release) {
      this.model = Objects.requireNonNull(model, "model");
      this.spec = spec;
      this.release = release;
      if (model.manifest().output(SCORE_OUTPUT).isEmpty()) {
        throw new dev.airtrace.inference.InferenceException(
            model.manifest().id() + ": no \"" + SCORE_OUTPUT + "\" output");
      }
    }

    @Override
    public int window() {
      return spec.length();
    }

    @Override
    public WindowSpec spec() {
      return spec;
    }

    @Override
    public String modelId() {
      return model.manifest().id();
    }

    @Override
    public String accelerator() {
      return model.backend().token();
    }

    @Override
    public float[] score(FloatBuffer windows, int batch) {
      return model.run(windows, batch).get(SCORE_OUTPUT);
    }

    @Override
    public void close() {
      release.run();
    }
  }
}
