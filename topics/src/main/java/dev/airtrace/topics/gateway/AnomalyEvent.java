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
 * @param fault the suspected sensor fault, one of {@link #FAULTS} ({@code unusual} when only the
 *     statistical likelihood found the value improbable); absent in older records, read as {@code
 *     unusual}
 * @param evidence the numbers behind the verdict, for an operator (e.g. "median deviation from 4
 *     neighbours ..."); may be empty
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
    GatewayId gatewayId,
    String fault,
    String evidence) {

  /** The fault codes an event may name (the detector's {@code SuspectedFault} codes but none). */
  public static final java.util.Set<String> FAULTS =
      java.util.Set.of("stuck", "dropout", "spike", "noise", "level_shift", "drift", "unusual");

  /** The fault of an event that names none (older records, statistical verdicts). */
  public static final String UNUSUAL = "unusual";

  /** An event without a fault type or evidence ({@value #UNUSUAL}, empty evidence). */
  public AnomalyEvent(
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
    this(
        deviceId,
        siteId,
        sequence,
        quantity,
        eventTime,
        value,
        rawScore,
        likelihood,
        model,
        accelerator,
        gatewayId,
        UNUSUAL,
        "");
  }

  public AnomalyEvent {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(accelerator, "accelerator");
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(evidence, "evidence");
    if (!FAULTS.contains(fault)) {
      throw new IllegalArgumentException("fault must be one of " + FAULTS + " but was " + fault);
    }
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
