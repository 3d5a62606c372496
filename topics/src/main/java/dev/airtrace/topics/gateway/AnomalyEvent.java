package dev.airtrace.topics.gateway;

import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.util.Objects;

/**
 * One anomalous value, as sent to {@value ModelsConfig#ANOMALIES_V1} (key: device id; JSON by
 * {@link AnomalyEventJson}, schema {@code schemas/anomaly-event.v1.schema.json}). The reading it
 * belongs to is {@code (deviceId, sequence)} on the readings topic, where it carries the same
 * verdict as an {@link AnomalyMark}. Immutable.
 *
 * @param deviceId the device
 * @param siteId its site
 * @param sequence the flagged reading's sequence number
 * @param quantity the flagged value's quantity
 * @param eventTime when the device measured, epoch milliseconds
 * @param value the value, in the quantity's canonical unit
 * @param rawScore the detector's raw score, {@code >= 0}
 * @param likelihood the calibrated anomaly likelihood in {@code [0, 1]}
 * @param model {@code name@version} of the model that scored the window
 * @param accelerator the backend token it ran on ({@code ort-cpu}, {@code ort-cuda:0}, {@code
 *     tensorrt:0})
 * @param gatewayId the gateway that detected it
 */
public record AnomalyEvent(
    DeviceId deviceId,
    SiteId siteId,
    long sequence,
    Quantity quantity,
    long eventTime,
    double value,
    double rawScore,
    double likelihood,
    String model,
    String accelerator,
    GatewayId gatewayId) {

  public AnomalyEvent {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(accelerator, "accelerator");
    Objects.requireNonNull(gatewayId, "gatewayId");
    if (!Double.isFinite(value) || !Double.isFinite(rawScore)) {
      throw new IllegalArgumentException("value and rawScore must be finite");
    }
    if (!(likelihood >= 0 && likelihood <= 1)) {
      throw new IllegalArgumentException("likelihood must be in [0, 1] but was " + likelihood);
    }
  }

  /** The mark the flagged reading carries on the readings topic. */
  public AnomalyMark mark() {
    return new AnomalyMark(quantity, rawScore, likelihood, model);
  }
}
