package dev.airtrace.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's golden files (the sidecar's {@code "golden"} section): an input batch and the outputs
 * the exporting framework computed for it, little-endian float32. {@link ModelRepository} runs them
 * before it serves a version; the parity tests run them at 1e-5.
 *
 * <p>Immutable and thread-safe once read.
 */
public final class GoldenSet {
  private final ModelManifest manifest;
  private final int batch;
  private final float[] input;
  private final Map<String, float[]> expected;

  private GoldenSet(
      ModelManifest manifest, int batch, float[] input, Map<String, float[]> expected) {
    this.manifest = manifest;
    this.batch = batch;
    this.input = input;
    this.expected = expected;
  }

  /**
   * Reads the golden files a manifest names.
   *
   * @throws InferenceException when the section is absent, a file is missing, or a size disagrees
   *     with the model's signature
   */
  public static GoldenSet read(ModelManifest manifest) {
    JsonNode golden = manifest.raw().get("golden");
    if (golden == null || !golden.path("batch").canConvertToInt()) {
      throw new InferenceException(
          manifest.id() + ": " + manifest.sidecar() + " has no \"golden\" section with a batch");
    }
    int batch = golden.get("batch").asInt();
    Path dir = manifest.sidecar().toAbsolutePath().getParent();
    float[] input = floats(manifest, dir.resolve(golden.path("input").asText("golden-input.bin")));
    if (batch < 1 || input.length != batch * manifest.input().rowSize()) {
      throw new InferenceException(
          manifest.id()
              + ": golden input has "
              + input.length
              + " values, expected "
              + batch
              + " rows of "
              + manifest.input().rowSize());
    }
    Map<String, float[]> expected = new LinkedHashMap<>();
    JsonNode outputs = golden.path("outputs");
    for (Map.Entry<String, JsonNode> e : outputs.properties()) {
      TensorSpec spec =
          manifest
              .output(e.getKey())
              .orElseThrow(
                  () ->
                      new InferenceException(
                          manifest.id() + ": golden output " + e.getKey() + " is not an output"));
      float[] values = floats(manifest, dir.resolve(e.getValue().asText()));
      if (values.length != batch * spec.rowSize()) {
        throw new InferenceException(
            manifest.id() + ": golden " + e.getKey() + " has " + values.length + " values");
      }
      expected.put(e.getKey(), values);
    }
    if (expected.isEmpty()) {
      throw new InferenceException(manifest.id() + ": the golden section names no outputs");
    }
    return new GoldenSet(manifest, batch, input, Map.copyOf(expected));
  }

  /** Rows in the golden batch. */
  public int batch() {
    return batch;
  }

  /** A fresh heap buffer holding the golden input. */
  public FloatBuffer input() {
    return FloatBuffer.wrap(input.clone());
  }

  /** The golden outputs' names. */
  public java.util.Set<String> outputNames() {
    return expected.keySet();
  }

  /** The expected values of one output (a copy). */
  public float[] expected(String output) {
    float[] v = expected.get(output);
    if (v == null) {
      throw new IllegalArgumentException("no golden output " + output);
    }
    return v.clone();
  }

  /**
   * The largest absolute difference between {@code actual} and the golden outputs over every golden
   * output and element; NaN where both are NaN counts as equal, NaN against a number as infinitely
   * far.
   */
  public double maxAbsDiff(Outputs actual) {
    return maxError(actual, false);
  }

  /**
   * The largest error over every golden output and element, where an element's error is its
   * absolute difference for expected values within [-1, 1] and its relative difference beyond: a
   * float32 output of magnitude 80 (µg/m³) carries about 8e-6 of rounding per ULP, so a fixed
   * absolute tolerance would only measure the output's unit. NaNs as in {@link #maxAbsDiff}.
   */
  public double maxScaledError(Outputs actual) {
    return maxError(actual, true);
  }

  private double maxError(Outputs actual, boolean scaled) {
    double max = 0;
    for (Map.Entry<String, float[]> e : expected.entrySet()) {
      float[] got = actual.get(e.getKey());
      float[] want = e.getValue();
      if (got.length != want.length) {
        return Double.POSITIVE_INFINITY;
      }
      for (int i = 0; i < want.length; i++) {
        double d = diff(want[i], got[i]);
        max = Math.max(max, scaled ? d / Math.max(1.0, Math.abs(want[i])) : d);
      }
    }
    return max;
  }

  /**
   * Runs the golden input through {@code model} and checks every golden output within {@code
   * tolerance} ({@link #maxScaledError}: absolute for values within [-1, 1], relative beyond).
   *
   * @return the largest scaled error seen
   * @throws InferenceException naming the model and the error when it is above tolerance
   */
  public double check(Model model, double tolerance) {
    Outputs out = model.run(input(), batch);
    double error = maxScaledError(out);
    if (!(error <= tolerance)) {
      throw new InferenceException(
          manifest.id()
              + ": golden check failed for "
              + manifest.onnx()
              + ": max scaled error "
              + error
              + " (max |Δ| "
              + maxAbsDiff(out)
              + ") > tolerance "
              + tolerance
              + " on "
              + model.backend().token());
    }
    return error;
  }

  private static double diff(float want, float got) {
    if (Float.isNaN(want) || Float.isNaN(got)) {
      return Float.isNaN(want) && Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.abs((double) want - got);
  }

  private static float[] floats(ModelManifest manifest, Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InferenceException(manifest.id() + ": cannot read golden file " + file, e);
    }
    if (bytes.length % Float.BYTES != 0) {
      throw new InferenceException(manifest.id() + ": " + file + " is not float32 data");
    }
    float[] values = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
