/**
 * Model serving: batched PM2.5 forecasts over Kafka and an Open Inference Protocol endpoint, with
 * hot model reload and Prometheus metrics. {@link dev.airtrace.serving.ModelServer} wires the
 * pieces: the live model ({@code model}), the shared micro-batcher ({@code batch}), the Kafka
 * consumer group ({@code kafka}) and the REST endpoint ({@code http}). See docs/serving.md.
 */
package dev.airtrace.serving;
