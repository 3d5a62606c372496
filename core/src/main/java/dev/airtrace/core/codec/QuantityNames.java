package dev.airtrace.core.codec;

import dev.airtrace.core.Quantity;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the names sensors give their measurements (JSON value keys, SenML record names) to a
 * {@link Quantity}. Accepts each quantity's code and a few documented aliases, ignoring case;
 * records always carry the canonical code. Stateless and thread-safe.
 */
final class QuantityNames {
  private static final Map<String, Quantity> NAMES = new HashMap<>();

  static {
    for (Quantity q : Quantity.values()) {
      NAMES.put(q.code(), q);
    }
    alias(Quantity.PM2_5, "pm25", "pm2.5");
    alias(Quantity.PM10, "pm10.0", "pm10_0");
    alias(Quantity.O3, "ozone");
    alias(Quantity.TEMPERATURE, "temp");
    alias(Quantity.RELATIVE_HUMIDITY, "humidity", "rh", "hum");
    alias(Quantity.PRESSURE, "press", "baro");
    // PurpleAir's own API field names for the CF=1 channels.
    alias(Quantity.PM2_5_CF1_A, "pm2.5_cf_1_a", "pm2_5_cf_1_a");
    alias(Quantity.PM2_5_CF1_B, "pm2.5_cf_1_b", "pm2_5_cf_1_b");
    alias(Quantity.WIND_SPEED, "ws", "windspeed");
    alias(Quantity.WIND_DIRECTION, "wd", "winddir", "wind_dir");
  }

  private QuantityNames() {}

  private static void alias(Quantity q, String... names) {
    for (String n : names) {
      NAMES.put(n, q);
    }
  }

  /** The quantity {@code name} denotes, ignoring case, if any. */
  static Optional<Quantity> resolve(String name) {
    return Optional.ofNullable(NAMES.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Every accepted name, for documentation and tests. */
  static Map<String, Quantity> all() {
    return Map.copyOf(NAMES);
  }
}
