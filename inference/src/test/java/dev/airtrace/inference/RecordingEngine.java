package dev.airtrace.inference;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delegates to a real engine and records every model it loaded and whether it is closed. */
final class RecordingEngine implements InferenceEngine {
  private final InferenceEngine delegate;
  final List<TrackedModel> loaded = new CopyOnWriteArrayList<>();

  RecordingEngine(InferenceEngine delegate) {
    this.delegate = delegate;
  }

  @Override
  public BackendInfo backend() {
    return delegate.backend();
  }

  @Override
  public Model load(ModelManifest manifest) {
    TrackedModel m = new TrackedModel(delegate.load(manifest));
    loaded.add(m);
    return m;
  }

  @Override
  public void close() {
    delegate.close();
  }

  List<Long> openVersions() {
    return loaded.stream().filter(m -> !m.closed).map(m -> m.manifest().version()).toList();
  }

  static final class TrackedModel implements Model {
    private final Model delegate;
    volatile boolean closed;

    TrackedModel(Model delegate) {
      this.delegate = delegate;
    }

    @Override
    public ModelManifest manifest() {
      return delegate.manifest();
    }

    @Override
    public BackendInfo backend() {
      return delegate.backend();
    }

    @Override
    public Outputs run(FloatBuffer input, int batch) {
      if (closed) {
        throw new AssertionError(manifest().id() + " ran after it was closed");
      }
      return delegate.run(input, batch);
    }

    @Override
    public void close() {
      closed = true;
      delegate.close();
    }
  }
}
