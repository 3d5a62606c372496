package dev.airtrace.anchoring.state;

import java.math.BigInteger;

/**
 * Where the epoch's {@code Anchored} log landed.
 *
 * @param txHash the transaction that was mined (may be an earlier fee variant)
 * @param blockNumber its block
 * @param blockHash that block's hash, {@code 0x} lowercase
 * @param logIndex the log's position in the receipt's {@code logs} (what a proof's {@code
 *     anchor.logIndex} means: anchoring.md §3.5 {@code logs[logIndex]})
 * @param blockLogIndex the log's block-wide {@code logIndex} as JSON-RPC reports it
 * @param gasUsed the receipt's gas used
 */
public record Inclusion(
    String txHash,
    long blockNumber,
    String blockHash,
    long logIndex,
    long blockLogIndex,
    BigInteger gasUsed) {
  /** Validates the fields. */
  public Inclusion {
    if (txHash == null
        || blockHash == null
        || blockNumber < 0
        || logIndex < 0
        || blockLogIndex < 0) {
      throw new IllegalArgumentException("incomplete inclusion " + txHash + "@" + blockNumber);
    }
  }
}
