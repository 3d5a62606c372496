/**
 * Model serving: batched PM2.5 forecasts over Kafka and an Open Inference Protocol endpoint.
 *
 * <p>Placeholder module so the build has the layout of the design; the service itself is issue #5
 * (it needs the inference module and the forecaster from issue #3 first).
 */
package dev.airtrace.serving;
