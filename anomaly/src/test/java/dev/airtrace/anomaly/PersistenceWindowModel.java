package dev.airtrace.anomaly;

import java.nio.FloatBuffer;

/**
 * A fake window model for unit tests: scores a window by how far its newest normalised value is
 * from the one before (a persistence forecast's error). Deterministic and independent of the batch,
 * so batching tests can demand exact equality.
 */
class PersistenceWindowModel implements WindowModel {
  static final WindowSpec SPEC = new WindowSpec(8, 200, 8.0, 0.001);

  private final WindowSpec spec;
  private final String id;
  int runs;
  int rowsScored;

  PersistenceWindowModel() {
    this(SPEC, "fake-persistence@1");
  }

  PersistenceWindowModel(WindowSpec spec, String id) {
    this.spec = spec;
    this.id = id;
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
    return id;
  }

  @Override
  public String accelerator() {
    return "fake-cpu";
  }

  @Override
  public float[] score(FloatBuffer windows, int batch) {
    int w = spec.length();
    if (windows.remaining() != batch * w) {
      throw new IllegalArgumentException(windows.remaining() + " values for batch " + batch);
    }
    runs++;
    rowsScored += batch;
    float[] out = new float[batch];
    int base = windows.position();
    for (int b = 0; b < batch; b++) {
      out[b] = Math.abs(windows.get(base + b * w + w - 1) - windows.get(base + b * w + w - 2));
    }
    return out;
  }

  @Override
  public void close() {}
}
