package dev.airtrace.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One accepted sensor reading: what a device measured at one instant, normalised to canonical units
 * and stamped by the gateway that received it.
 *
 * <p>{@code (deviceId, sequence)} identifies a reading everywhere downstream, so duplicates and
 * gaps can be detected by any consumer. Immutable and thread-safe.
 *
 * @param deviceId the device that measured
 * @param siteId the site the device belongs to
 * @param eventTime when the device measured, epoch milliseconds UTC
 * @param sequence the device's own monotonically increasing counter, {@code >= 0}
 * @param values at least one value per measured quantity, each in {@link Quantity#unit()}, finite
 * @param location where the device stands, or {@code null} when it did not say
 * @param gatewayId the gateway that accepted the reading
 * @param receivedAt when the gateway received it, epoch milliseconds UTC
 */
public record Reading(
    DeviceId deviceId,
    SiteId siteId,
    long eventTime,
    long sequence,
    Map<Quantity, Double> values,
    Location location,
    GatewayId gatewayId,
    long receivedAt) {

  public Reading {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(gatewayId, "gatewayId");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0 but was " + sequence);
    }
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("a reading needs at least one value");
    }
    EnumMap<Quantity, Double> copy = new EnumMap<>(Quantity.class);
    values.forEach(
        (q, v) -> {
          Objects.requireNonNull(q, "quantity");
          if (v == null || !Double.isFinite(v)) {
            throw new IllegalArgumentException(q.code() + " must be a finite number but was " + v);
          }
          copy.put(q, v);
        });
    values = Collections.unmodifiableMap(copy);
  }

  /** The value of {@code quantity} in its canonical unit, if this reading has one. */
  public OptionalDouble value(Quantity quantity) {
    Double v = values.get(quantity);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** The device's location, if it reported one. */
  public Optional<Location> optionalLocation() {
    return Optional.ofNullable(location);
  }
}
