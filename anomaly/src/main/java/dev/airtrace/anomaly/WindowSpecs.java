package dev.airtrace.anomaly;

import dev.airtrace.inference.InferenceException;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;

/**
 * The detector's thin adapter over a leased {@link Model}: reads the model's {@link WindowSpec}
 * from its sidecar once per version (cached by manifest, so a hot reload is picked up on the next
 * lease) and checks that the model has the {@link AnomalyDetectors#SCORE_OUTPUT} output the
 * detector reads.
 *
 * <p>Thread-safe: the cache is one volatile pair, replaced whole.
 */
final class WindowSpecs {
  private volatile Parsed last;

  private record Parsed(ModelManifest manifest, WindowSpec spec) {}

  /**
   * The window spec of {@code model}'s version.
   *
   * @throws InferenceException when the sidecar has no valid window section or the model no score
   *     output
   */
  WindowSpec of(Model model) {
    ModelManifest manifest = model.manifest();
    Parsed parsed = last;
    if (parsed == null || parsed.manifest() != manifest) {
      WindowSpec spec = WindowSpec.fromManifest(manifest);
      if (manifest.output(AnomalyDetectors.SCORE_OUTPUT).isEmpty()) {
        throw new InferenceException(
            manifest.id() + ": no \"" + AnomalyDetectors.SCORE_OUTPUT + "\" output");
      }
      parsed = new Parsed(manifest, spec);
      last = parsed;
    }
    return parsed.spec();
  }
}
