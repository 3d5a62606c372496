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
 * @param corrections per derived quantity, how the gateway derived it (or why it could not); empty
 *     for readings as the device sent them. A quantity whose correction is {@link
 *     CorrectionStatus#APPLIED} must be in {@code values}. Part of the record and its Merkle leaf.
 */
public record Reading(
    DeviceId deviceId,
    SiteId siteId,
    long eventTime,
    long sequence,
    Map<Quantity, Double> values,
    Location location,
    GatewayId gatewayId,
    long receivedAt,
    Map<Quantity, Correction> corrections) {

  /** A reading as the device sent it: no corrections. */
  public Reading(
      DeviceId deviceId,
      SiteId siteId,
      long eventTime,
      long sequence,
      Map<Quantity, Double> values,
      Location location,
      GatewayId gatewayId,
      long receivedAt) {
    this(deviceId, siteId, eventTime, sequence, values, location, gatewayId, receivedAt, Map.of());
  }

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
    Objects.requireNonNull(corrections, "corrections");
    if (corrections.isEmpty()) {
      corrections = Map.of();
    } else {
      EnumMap<Quantity, Correction> cs = new EnumMap<>(Quantity.class);
      for (Map.Entry<Quantity, Correction> e : corrections.entrySet()) {
        Quantity q = Objects.requireNonNull(e.getKey(), "corrected quantity");
        Correction c = Objects.requireNonNull(e.getValue(), "correction");
        if (c.status().applied() && !copy.containsKey(q)) {
          throw new IllegalArgumentException(
              "correction of " + q.code() + " is applied but the reading has no " + q.code());
        }
        cs.put(q, c);
      }
      corrections = Collections.unmodifiableMap(cs);
    }
  }

  /**
   * A copy with {@code quantity} set to {@code value} (or removed when {@code value} is {@code
   * null}) and its correction recorded. The other values must leave at least one.
   */
  public Reading withCorrection(Quantity quantity, Double value, Correction correction) {
    EnumMap<Quantity, Double> vs = new EnumMap<>(Quantity.class);
    vs.putAll(values);
    if (value == null) {
      vs.remove(quantity);
    } else {
      vs.put(quantity, value);
    }
    EnumMap<Quantity, Correction> cs = new EnumMap<>(Quantity.class);
    cs.putAll(corrections);
    cs.put(quantity, correction);
    return new Reading(
        deviceId, siteId, eventTime, sequence, vs, location, gatewayId, receivedAt, cs);
  }

  /** How {@code quantity} was derived, if the gateway corrected it. */
  public Optional<Correction> correction(Quantity quantity) {
    return Optional.ofNullable(corrections.get(quantity));
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
