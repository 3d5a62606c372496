/**
 * Streaming anomaly detection for sensor series: per device-quantity online normalisation, a
 * ring-buffer window per series, one batched model run across every series that has a full window,
 * and post-processing of the model's raw scores into a calibrated anomaly likelihood. Entry point:
 * {@link dev.airtrace.anomaly.AnomalyDetectors#create}; the detector is {@link
 * dev.airtrace.anomaly.StreamingAnomalyDetector}. Models come through {@link
 * dev.airtrace.anomaly.WindowModelSource}, which a hot-reloading model repository implements.
 */
package dev.airtrace.anomaly;
