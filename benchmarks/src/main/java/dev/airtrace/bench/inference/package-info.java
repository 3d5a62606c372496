/**
 * Inference throughput: the DJL path ({@link dev.airtrace.inference.Model#run}) against raw ONNX
 * Runtime ({@link dev.airtrace.bench.baseline.OrtBaseline}) on the same model in the same JMH run.
 */
package dev.airtrace.bench.inference;
