/**
 * The Open Inference Protocol (KServe v2) REST endpoint on the JDK's built-in HTTP server: health,
 * model metadata and readiness, and JSON-tensor inference through the shared micro-batcher; plus
 * Prometheus metrics on {@code /metrics}. Errors are the protocol's {@code {"error": "..."}} bodies
 * with a 4xx/5xx status, never a stack trace.
 */
package dev.airtrace.serving.http;
