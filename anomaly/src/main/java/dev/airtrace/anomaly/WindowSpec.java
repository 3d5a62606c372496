package dev.airtrace.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.inference.InferenceException;
import dev.airtrace.inference.ModelManifest;

/**
 * How a window model wants its input prepared: the sidecar's {@code "window"} section.
 *
 * <pre>{@code
 * "window": {"length": 32, "normalisation": {"method": "ewm-zscore", "half_life": 1000,
 *            "clip": 8.0, "std_floor": 0.001}}
 * }</pre>
 *
 * <p>{@code ewm-zscore}: per series, an exponentially weighted mean {@code m} and variance {@code
 * v} with the given half-life (in observations; while fewer observations have been seen the weights
 * are those of a plain running mean), and an exponentially weighted mean {@code a} of {@code |x|}.
 * Every value of the window ending at {@code x_t} is mapped to {@code clip((x - m) / sqrt(v +
 * (std_floor * a)^2 + 1e-12), ±clip)} with the statistics <em>before</em> {@code x_t} was added;
 * then {@code x_t} updates them. The training script normalises its windows with the same code
 * path, in Python.
 *
 * @param length the window length W, {@code >= 2}
 * @param halfLife the normaliser's half-life in observations, {@code >= 1}
 * @param clip the normalised values are clipped to {@code [-clip, clip]}, {@code > 0}
 * @param stdFloor the standard deviation never drops below {@code stdFloor * mean|x|}, {@code >=
 *     0}, so a flat series does not blow up the first value that moves
 */
public record WindowSpec(int length, double halfLife, double clip, double stdFloor) {
  /** The only normalisation method this version implements. */
  public static final String EWM_ZSCORE = "ewm-zscore";

  public WindowSpec {
    if (length < 2) {
      throw new IllegalArgumentException("window length must be >= 2 but was " + length);
    }
    if (!(halfLife >= 1)) {
      throw new IllegalArgumentException("half_life must be >= 1 but was " + halfLife);
    }
    if (!(clip > 0)) {
      throw new IllegalArgumentException("clip must be > 0 but was " + clip);
    }
    if (!(stdFloor >= 0)) {
      throw new IllegalArgumentException("std_floor must be >= 0 but was " + stdFloor);
    }
  }

  /**
   * Reads the {@code "window"} section of a model's sidecar and checks it against the model's input
   * shape {@code [-1, W, 1]}.
   *
   * @throws InferenceException when the section is missing, names another method or disagrees with
   *     the input shape
   */
  public static WindowSpec fromManifest(ModelManifest manifest) {
    JsonNode window = manifest.raw().get("window");
    if (window == null || !window.isObject()) {
      throw new InferenceException(manifest.id() + ": sidecar has no \"window\" section");
    }
    JsonNode norm = window.path("normalisation");
    String method = norm.path("method").asText("");
    if (!EWM_ZSCORE.equals(method)) {
      throw new InferenceException(
          manifest.id() + ": window normalisation must be " + EWM_ZSCORE + " but was " + method);
    }
    try {
      WindowSpec spec =
          new WindowSpec(
              window.path("length").asInt(-1),
              norm.path("half_life").asDouble(Double.NaN),
              norm.path("clip").asDouble(Double.NaN),
              norm.path("std_floor").asDouble(Double.NaN));
      var shape = manifest.input().shape();
      if (shape.size() != 3 || shape.get(1) != spec.length() || shape.get(2) != 1) {
        throw new InferenceException(
            manifest.id() + ": input shape " + shape + " is not [-1, " + spec.length() + ", 1]");
      }
      return spec;
    } catch (IllegalArgumentException e) {
      throw new InferenceException(
          manifest.id() + ": invalid window section: " + e.getMessage(), e);
    }
  }
}
