package dev.airtrace.core.integrity;

/** Checks for the 32-byte hashes records carry. */
final class Bytes32 {
  private Bytes32() {}

  static byte[] copyOf(String field, byte[] hash) {
    if (hash == null || hash.length != Sha256.LENGTH) {
      throw new IllegalArgumentException(
          field + " must be 32 bytes but was " + (hash == null ? "null" : hash.length + " bytes"));
    }
    return hash.clone();
  }
}
