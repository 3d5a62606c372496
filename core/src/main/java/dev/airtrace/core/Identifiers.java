package dev.airtrace.core;

import java.util.regex.Pattern;

/** Shared rule for device, site and gateway identifiers. */
final class Identifiers {
  /**
   * Letters, digits, '.', '_', '-' and ':' only, 1 to 64 characters: safe as an MQTT topic level, a
   * Kafka key and an InfluxDB tag value without escaping.
   */
  static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private Identifiers() {}

  static String require(String kind, String value) {
    if (value == null || !PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          kind
              + " must match "
              + PATTERN.pattern()
              + " but was "
              + (value == null ? "null" : '"' + value + '"'));
    }
    return value;
  }

  static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }
}
