/**
 * Runs ONNX models on the best accelerator this host has: TensorRT (JavaCPP presets), CUDA or the
 * CPU (DJL with the ONNX Runtime engine), behind {@link dev.airtrace.inference.InferenceEngine} and
 * {@link dev.airtrace.inference.Model}. Only this module imports {@code ai.djl}, {@code
 * ai.onnxruntime} or {@code org.bytedeco}.
 */
package dev.airtrace.inference;
