package dev.airtrace.core;

/**
 * Identifies a monitoring site (several devices may share one); the Kafka key of per-site topics.
 *
 * @param value letters, digits, '.', '_', '-' and ':' only, 1 to 64 characters
 */
public record SiteId(String value) {
  public SiteId {
    Identifiers.require("site id", value);
  }

  /** Whether {@code value} would be accepted as a site id. */
  public static boolean isValid(String value) {
    return Identifiers.isValid(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
