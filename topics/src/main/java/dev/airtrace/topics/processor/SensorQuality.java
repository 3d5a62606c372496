package dev.airtrace.topics.processor;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.util.Objects;

/**
 * The value of {@code airtrace.processor.sensor-quality.v1}: the data-quality score of one device's
 * quantity over a rolling window (24 h ending at a closed hour), with the components it is made of
 * (schema {@code schemas/sensor-quality.v1.schema.json}, formula in docs/quality.md). Immutable.
 *
 * @param deviceId the device; also the record key
 * @param siteId its site
 * @param quantity the quantity scored
 * @param windowStart start of the window, epoch ms UTC, inclusive
 * @param windowEnd end of the window (the end of the closed hour), epoch ms UTC, exclusive
 * @param received readings of the quantity in the window, {@code >= 1}
 * @param expected readings the device's own cadence promised over the window since its first
 *     reading in it (its largest hourly count × its hours in the window), {@code >= received}
 * @param suspect of {@code received}, how many the gateway's QC flagged suspect (3)
 * @param fail of {@code received}, how many it flagged fail (4)
 * @param anomalies of {@code received}, how many the gateway's anomaly detector marked
 * @param neighbourDeviation the median over the window's hours of the device's robust distance from
 *     the other devices of its site measuring the quantity ({@code |mean − median| / scale},
 *     docs/quality.md); {@code null} when no hour had at least two other devices
 * @param score the quality score, 0 (useless) to 100 (complete, clean, agrees with neighbours)
 */
public record SensorQuality(
    DeviceId deviceId,
    SiteId siteId,
    Quantity quantity,
    long windowStart,
    long windowEnd,
    long received,
    long expected,
    long suspect,
    long fail,
    long anomalies,
    Double neighbourDeviation,
    double score) {
  public SensorQuality {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(quantity, "quantity");
    if (windowEnd <= windowStart) {
      throw new IllegalArgumentException("window end must be after its start");
    }
    if (received < 1 || expected < received) {
      throw new IllegalArgumentException(
          "need 1 <= received <= expected but was " + received + ", " + expected);
    }
    for (long n : new long[] {suspect, fail, anomalies}) {
      if (n < 0 || n > received) {
        throw new IllegalArgumentException("counts must be in [0, received] but one was " + n);
      }
    }
    if (suspect + fail > received) {
      throw new IllegalArgumentException("suspect + fail exceeds received");
    }
    if (neighbourDeviation != null
        && (!Double.isFinite(neighbourDeviation) || neighbourDeviation < 0)) {
      throw new IllegalArgumentException("neighbourDeviation must be finite and >= 0");
    }
    if (!(score >= 0 && score <= 100)) {
      throw new IllegalArgumentException("score must be in [0, 100] but was " + score);
    }
  }

  /** {@code received / expected}, in (0, 1]. */
  public double completeness() {
    return (double) received / expected;
  }

  /** Share of the received readings flagged suspect. */
  public double suspectShare() {
    return (double) suspect / received;
  }

  /** Share of the received readings flagged fail. */
  public double failShare() {
    return (double) fail / received;
  }

  /** Anomaly marks per received reading. */
  public double anomalyRate() {
    return (double) anomalies / received;
  }
}
