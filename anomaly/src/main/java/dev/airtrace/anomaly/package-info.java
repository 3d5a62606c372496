/**
 * Streaming anomaly detection for sensor series: per device-quantity online normalisation, a
 * ring-buffer window per series, one batched model run across every series that has a full window,
 * and post-processing of the model's raw scores into a calibrated anomaly likelihood. Entry point:
 * {@link dev.airtrace.anomaly.AnomalyDetectors#create}; the detector is {@link
 * dev.airtrace.anomaly.StreamingAnomalyDetector}. Models are leased from an {@link
 * dev.airtrace.inference.LiveModel} (a hot-reloading repository model, or a fixed one).
 */
package dev.airtrace.anomaly;
