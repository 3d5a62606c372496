/**
 * The gateway's models: PM2.5 correction of PurpleAir-style readings (EPA/Barkjohn formulas from
 * {@code dev.airtrace.core.calibration}, or the {@code pm25-calibration} model) and streaming
 * anomaly detection ({@code dev.airtrace.anomaly}) over every (device, quantity) series, both run
 * once per model batch (the readings of the MQTT messages the worker takes together), not once per
 * reading.
 *
 * <p>{@link dev.airtrace.gateway.models.EdgeModels} owns the inference engine, the hot-reloading
 * model repository and the detector; it is used by the gateway's one worker thread only (the
 * repository's rescan thread swaps versions underneath, which leases make safe). Readings are never
 * dropped here: a failed correction is recorded in the reading, a failed detector run leaves the
 * model batch unmarked and is counted.
 */
package dev.airtrace.gateway.models;
