package dev.airtrace.gateway.integrity;

/** What the gateway does with device signatures ({@code "sig"} on airtrace JSON payloads). */
public enum DeviceSignaturePolicy {
  /**
   * Every payload must carry a signature that verifies with the device's provisioned key: unsigned
   * payloads (SenML included) are {@code MISSING_SIGNATURE}, devices without a key {@code
   * UNKNOWN_DEVICE_KEY}, bad signatures {@code INVALID_SIGNATURE}.
   */
  REQUIRE,
  /**
   * Unsigned payloads are accepted; a signature from a device with a provisioned key must verify
   * ({@code INVALID_SIGNATURE} otherwise); a signature from a device without a key cannot be
   * checked and is accepted like an unsigned payload.
   */
  ACCEPT_IF_PRESENT,
  /** Signatures are not looked at. */
  OFF
}
