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
   * The default: {@link #REQUIRE} for every device with a provisioned key (its unsigned payloads,
   * SenML included, are {@code MISSING_SIGNATURE}; bad signatures {@code INVALID_SIGNATURE}), and
   * {@link #ACCEPT_IF_PRESENT} for devices without one. Provisioning a device's key is what turns
   * its signatures from optional into required; a stolen broker credential cannot publish unsigned
   * readings for it.
   */
  REQUIRE_IF_PROVISIONED,
  /**
   * Unsigned payloads are accepted; a signature from a device with a provisioned key must verify
   * ({@code INVALID_SIGNATURE} otherwise); a signature from a device without a key cannot be
   * checked and is accepted like an unsigned payload. Meant for migrating a fleet whose devices get
   * keys before their firmware signs (docs/integrity.md).
   */
  ACCEPT_IF_PRESENT,
  /** Signatures are not looked at. */
  OFF
}
