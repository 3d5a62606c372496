package dev.airtrace.anchoring.chain;

/**
 * A signed, RLP-encoded transaction ready for {@code eth_sendRawTransaction}, and its hash (the
 * Keccak-256 of those bytes, which is what the node will report).
 */
public record SignedTransaction(String rawHex, String txHash) {
  /** Validates the hex forms. */
  public SignedTransaction {
    if (rawHex == null || !rawHex.startsWith("0x") || rawHex.length() < 4) {
      throw new IllegalArgumentException("rawHex must be 0x-prefixed, was " + rawHex);
    }
    txHash = Hex.lower(Hex.requireHash(txHash, "txHash"));
  }
}
