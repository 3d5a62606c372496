package dev.airtrace.anomaly;

import java.util.Objects;

/**
 * One series the detector keeps state for: a device and the quantity it measures (for example
 * {@code ("pa-0042", "pm2_5")}). Every distinct key gets its own normaliser, window and likelihood
 * baseline.
 *
 * @param deviceId the device (sensor) id, not blank
 * @param quantity the measured quantity's name, not blank
 */
public record SeriesKey(String deviceId, String quantity) {
  public SeriesKey {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(quantity, "quantity");
    if (deviceId.isBlank() || quantity.isBlank()) {
      throw new IllegalArgumentException("deviceId and quantity must not be blank");
    }
  }

  @Override
  public String toString() {
    return deviceId + "/" + quantity;
  }
}
