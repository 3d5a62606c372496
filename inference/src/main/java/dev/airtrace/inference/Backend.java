package dev.airtrace.inference;

import java.util.Locale;

/**
 * The backend that actually runs a model: what the gateway logs at start, exports as a metric label
 * and prints in its status line, and what every anomaly event and forecast records.
 */
public enum Backend {
  /** DJL with the ONNX Runtime engine on the CPU. */
  ORT_CPU,
  /** DJL with the ONNX Runtime engine and its CUDA execution provider. */
  ORT_CUDA,
  /** A TensorRT engine built from the ONNX file, run through the JavaCPP presets. */
  TENSORRT;

  /**
   * The label used in metrics, logs and records: {@code ort-cpu}, {@code ort-cuda}, {@code
   * tensorrt}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether this backend runs on a GPU. */
  public boolean gpu() {
    return this != ORT_CPU;
  }
}
