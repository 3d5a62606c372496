package dev.airtrace.core;

/**
 * Identifies an edge gateway; stamped on every reading and dead letter it produces.
 *
 * @param value letters, digits, '.', '_', '-' and ':' only, 1 to 64 characters
 */
public record GatewayId(String value) {
  public GatewayId {
    Identifiers.require("gateway id", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
