package dev.airtrace.inference;

/**
 * Which accelerator an operator asks for. {@link #AUTO} tries TensorRT, then CUDA, then the CPU and
 * takes the first that works on this host; the others ask for exactly one backend (with {@link
 * InferenceConfig#strict()} a missing one is a startup error, otherwise the engine falls back to
 * the CPU and logs one WARN).
 */
public enum Accelerator {
  AUTO,
  CPU,
  CUDA,
  TENSORRT
}
