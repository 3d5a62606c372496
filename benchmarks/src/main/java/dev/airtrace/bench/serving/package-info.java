/**
 * Serving-tier benchmarks: the micro-batcher and model runner against raw ONNX Runtime {@code
 * session.run} on the same model, batch sizes and box, in one run (see docs/serving.md).
 */
package dev.airtrace.bench.serving;
