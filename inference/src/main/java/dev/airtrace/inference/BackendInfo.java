package dev.airtrace.inference;

import java.util.Objects;

/**
 * The backend an engine settled on, with the device and a human-readable description (for example
 * {@code "NVIDIA H100 80GB HBM3, sm_90, TensorRT 11.2.1"} or {@code "ONNX Runtime 1.29.0, 1
 * intra-op thread"}).
 *
 * @param backend the backend that runs models
 * @param deviceId the GPU ordinal, {@code -1} on the CPU
 * @param description what was found, for logs and status output
 */
public record BackendInfo(Backend backend, int deviceId, String description) {
  public BackendInfo {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(description, "description");
    if (backend.gpu() ? deviceId < 0 : deviceId != -1) {
      throw new IllegalArgumentException(
          backend.label() + " needs " + (backend.gpu() ? "a GPU ordinal >= 0" : "deviceId -1"));
    }
  }

  /** {@code tensorrt:0}, {@code ort-cuda:1} or {@code ort-cpu}: one short token for records. */
  public String token() {
    return backend.gpu() ? backend.label() + ":" + deviceId : backend.label();
  }
}
