package dev.airtrace.anchoring.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * A mined transaction's receipt.
 *
 * @param txHash the transaction hash
 * @param blockNumber the block that holds it
 * @param blockHash that block's hash
 * @param success whether {@code status == 0x1}
 * @param gasUsed gas used by this transaction
 * @param contractAddress the created contract for a deploy, else {@code null}
 * @param logs the logs it emitted
 */
public record TxReceipt(
    String txHash,
    long blockNumber,
    String blockHash,
    boolean success,
    BigInteger gasUsed,
    String contractAddress,
    List<LogEntry> logs) {
  /** Copies the logs and lowercases the hashes. */
  public TxReceipt {
    txHash = Hex.lower(Hex.requireHash(txHash, "txHash"));
    blockHash = Hex.lower(Hex.requireHash(blockHash, "blockHash"));
    contractAddress = Hex.lower(contractAddress);
    logs = List.copyOf(logs);
  }
}
