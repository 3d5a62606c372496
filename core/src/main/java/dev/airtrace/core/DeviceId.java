package dev.airtrace.core;

/**
 * Identifies one sensor device; the Kafka key of every per-device topic.
 *
 * @param value letters, digits, '.', '_', '-' and ':' only, 1 to 64 characters
 */
public record DeviceId(String value) {
  public DeviceId {
    Identifiers.require("device id", value);
  }

  /** Whether {@code value} would be accepted as a device id. */
  public static boolean isValid(String value) {
    return Identifiers.isValid(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
