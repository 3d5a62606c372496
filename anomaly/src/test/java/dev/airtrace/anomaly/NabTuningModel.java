package dev.airtrace.anomaly;

import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import java.nio.file.Path;

/** {@link NabTuning} with the real anomaly-ae model on the CPU. */
final class NabTuningModel {
  private NabTuningModel() {}

  public static void main(String[] args) {
    Path sidecar =
        Path.of(System.getProperty("model", "models/repository/anomaly-ae/1/model.json"));
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu());
        Model model = engine.load(ModelManifest.read(sidecar))) {
      LiveModel source = LiveModel.fixed(model);
      NabTuning.run(() -> source);
    }
  }
}
