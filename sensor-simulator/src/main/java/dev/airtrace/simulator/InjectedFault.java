package dev.airtrace.simulator;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.util.Locale;
import java.util.Objects;

/**
 * Ground truth of one injected sensor fault: which device's quantity was changed, how, and over
 * which measurements. Tests compare a pipeline's anomaly events with it. Immutable.
 *
 * @param siteId the device's site
 * @param deviceId the faulty device
 * @param quantity the quantity whose values were changed
 * @param type the fault
 * @param firstSequence sequence number of the first changed measurement
 * @param lastSequence sequence number of the last changed measurement (inclusive)
 * @param startMillis event time of the first changed measurement, epoch ms
 * @param endMillis event time of the last changed measurement, epoch ms (inclusive)
 * @param magnitude the fault's size in the quantity's canonical unit: the final drift, the spike or
 *     shift offset (signed), the noise σ; 0 for stuck and dropout
 * @param typicalChange the device's own reading-to-reading variability {@code d} that the magnitude
 *     was scaled by (see {@link SensorFaults})
 */
public record InjectedFault(
    SiteId siteId,
    DeviceId deviceId,
    Quantity quantity,
    SensorFaultType type,
    long firstSequence,
    long lastSequence,
    long startMillis,
    long endMillis,
    double magnitude,
    double typicalChange) {

  /** Header of {@link #csvLine()}. */
  public static final String CSV_HEADER =
      "site,device,quantity,fault,first_sequence,last_sequence,start_ms,end_ms,magnitude,typical_change";

  public InjectedFault {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(type, "type");
    if (lastSequence < firstSequence || endMillis < startMillis) {
      throw new IllegalArgumentException("a fault must end after it starts");
    }
  }

  /** One CSV line (no line break) in the order of {@link #CSV_HEADER}. */
  public String csvLine() {
    return String.format(
        Locale.ROOT,
        "%s,%s,%s,%s,%d,%d,%d,%d,%.3f,%.3f",
        siteId.value(),
        deviceId.value(),
        quantity.code(),
        type.code(),
        firstSequence,
        lastSequence,
        startMillis,
        endMillis,
        magnitude,
        typicalChange);
  }

  /** Whether the measurement with this sequence number was changed by the fault. */
  public boolean covers(long sequence) {
    return sequence >= firstSequence && sequence <= lastSequence;
  }
}
