package dev.airtrace.serving.batching;

import dev.airtrace.inference.ModelManifest;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to one {@link ServingBatchInput}: every model output for its rows, and which model
 * version and accelerator produced them.
 *
 * @param model the manifest of the version that ran
 * @param accelerator the backend token ({@code ort-cpu}, {@code tensorrt:0}, ...)
 * @param rows the input's row count
 * @param outputs output name → this input's values, row-major {@code [rows, ...]}; owned by this
 *     object, not to be modified
 */
public record Prediction(
    ModelManifest model, String accelerator, int rows, Map<String, float[]> outputs) {
  public Prediction {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(accelerator, "accelerator");
    outputs = Map.copyOf(outputs);
  }

  /** One output's values for this input's rows. */
  public float[] output(String name) {
    float[] v = outputs.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no output " + name + "; have " + outputs.keySet());
    }
    return v;
  }
}
