package dev.airtrace.core.codec;

import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one sensor sends in one message, before the gateway stamps it: the input of {@link
 * SensorPayloadEncoder} (used by sensors' firmware in tests and by the simulator).
 *
 * <p>Immutable and thread-safe.
 *
 * @param sequence the device's own counter, {@code >= 0}
 * @param eventTime when the device measured, epoch milliseconds UTC
 * @param values at least one finite value per quantity, each in {@link Quantity#unit()}
 * @param location where the device stands, or {@code null}
 */
public record SensorMessage(
    long sequence, long eventTime, Map<Quantity, Double> values, Location location) {

  public SensorMessage {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0 but was " + sequence);
    }
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("a sensor message needs at least one value");
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
}
