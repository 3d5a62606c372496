package dev.airtrace.inference;

/** TensorRT through the JavaCPP presets (placeholder until the backend lands). */
final class TensorRtEngine {
  private TensorRtEngine() {}

  static InferenceEngine open(InferenceConfig config) {
    throw new InferenceException("the TensorRT backend is not built yet");
  }
}
