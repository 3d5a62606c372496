package dev.airtrace.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's sidecar ({@code model.json}, format {@code airtrace-model/1}, see docs/models.md): what
 * the ONNX file is, its signature, and the task-specific sections (normalisation, features, window,
 * training data, metrics) that the code using the model reads from {@link #raw()}.
 *
 * <pre>{@code
 * {"format":"airtrace-model/1","name":"anomaly-ae","version":3,"task":"anomaly",
 *  "file":"model.onnx","sha256":"<hex>","opset":17,
 *  "inputs":[{"name":"window","shape":[-1,64,1]}],"outputs":[{"name":"score","shape":[-1]}],
 *  "golden":{"batch":8,"input":"golden-input.bin","outputs":{"score":"golden-score.bin"}},
 *  "training":{...},"metrics":{...}, ...task sections...}
 * }</pre>
 *
 * @param name the model's name, {@code [a-z0-9-]+}; its directory in a model repository
 * @param version a positive integer; its sub-directory in a model repository; later is larger
 * @param task what the model does ({@code anomaly}, {@code calibration}, {@code forecast})
 * @param onnx the ONNX file, resolved against the sidecar's directory
 * @param sha256 the ONNX file's SHA-256, lowercase hex; checked on every load
 * @param opset the ONNX opset the file was exported with
 * @param inputs exactly one float32 input
 * @param outputs one or more float32 outputs
 * @param sidecar where the sidecar was read from
 * @param raw the whole sidecar, for task sections
 */
public record ModelManifest(
    String name,
    long version,
    String task,
    Path onnx,
    String sha256,
    int opset,
    List<TensorSpec> inputs,
    List<TensorSpec> outputs,
    Path sidecar,
    JsonNode raw) {

  public ModelManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(onnx, "onnx");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(sidecar, "sidecar");
    Objects.requireNonNull(raw, "raw");
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "model name must match [a-z0-9][a-z0-9-]* but was " + name);
    }
    if (version < 1) {
      throw new IllegalArgumentException(name + ": version must be >= 1 but was " + version);
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(name + ": sha256 must be 64 lowercase hex digits");
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(name + ": exactly one input is supported");
    }
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException(name + ": at least one output is needed");
    }
  }

  /** The single input. */
  public TensorSpec input() {
    return inputs.get(0);
  }

  /** The output named {@code outputName}, if the model has it. */
  public Optional<TensorSpec> output(String outputName) {
    return outputs.stream().filter(o -> o.name().equals(outputName)).findFirst();
  }

  /** {@code name@version}: how events, forecasts and logs name a model. */
  public String id() {
    return name + "@" + version;
  }

  /**
   * Reads and validates a sidecar; the ONNX file is not opened (that happens at load, with the hash
   * check).
   *
   * @throws InferenceException when the file is missing or malformed; the message names the field
   */
  public static ModelManifest read(Path sidecar) {
    return ManifestReader.read(sidecar);
  }
}
