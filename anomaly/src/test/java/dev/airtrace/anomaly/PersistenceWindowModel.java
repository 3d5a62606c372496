package dev.airtrace.anomaly;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.inference.Backend;
import dev.airtrace.inference.BackendInfo;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.Outputs;
import dev.airtrace.inference.TensorSpec;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A fake window model for unit tests: scores a window by how far its newest normalised value is
 * from the one before (a persistence forecast's error). Deterministic and independent of the batch,
 * so batching tests can demand exact equality. A {@link Model} with a sidecar whose window section
 * is {@code spec}, on a fake CPU backend; lease it through {@link
 * dev.airtrace.inference.LiveModel#fixed}.
 */
class PersistenceWindowModel implements Model {
  static final WindowSpec SPEC = new WindowSpec(8, 200, 8.0, 0.001);
  static final BackendInfo FAKE_CPU = new BackendInfo(Backend.ORT_CPU, -1, "fake CPU backend");

  private final WindowSpec spec;
  private final ModelManifest manifest;
  int runs;
  int rowsScored;

  PersistenceWindowModel() {
    this(SPEC, "fake-persistence@1");
  }

  /** {@code id} is {@code name@version}. */
  PersistenceWindowModel(WindowSpec spec, String id) {
    this.spec = spec;
    this.manifest = manifest(spec, id);
  }

  private static ModelManifest manifest(WindowSpec spec, String id) {
    String name = id.substring(0, id.indexOf('@'));
    long version = Long.parseLong(id.substring(id.indexOf('@') + 1));
    ObjectNode raw = JsonNodeFactory.instance.objectNode();
    ObjectNode window = raw.putObject("window");
    window.put("length", spec.length());
    ObjectNode norm = window.putObject("normalisation");
    norm.put("method", WindowSpec.EWM_ZSCORE);
    norm.put("half_life", spec.halfLife());
    norm.put("clip", spec.clip());
    norm.put("std_floor", spec.stdFloor());
    return new ModelManifest(
        name,
        version,
        "anomaly",
        Path.of("fake.onnx"),
        "0".repeat(64),
        17,
        List.of(new TensorSpec("window", List.of(-1L, (long) spec.length(), 1L))),
        List.of(new TensorSpec(AnomalyDetectors.SCORE_OUTPUT, List.of(-1L))),
        Path.of("model.json"),
        raw);
  }

  @Override
  public ModelManifest manifest() {
    return manifest;
  }

  @Override
  public BackendInfo backend() {
    return FAKE_CPU;
  }

  @Override
  public Outputs run(FloatBuffer windows, int batch) {
    float[] out = score(windows, batch);
    return Outputs.of(
        Map.of(AnomalyDetectors.SCORE_OUTPUT, out),
        Map.of(AnomalyDetectors.SCORE_OUTPUT, new long[] {batch}));
  }

  /** The scores of one run; tests override it to fail a run. */
  float[] score(FloatBuffer windows, int batch) {
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
