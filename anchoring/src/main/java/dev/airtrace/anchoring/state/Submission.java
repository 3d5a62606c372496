package dev.airtrace.anchoring.state;

import java.math.BigInteger;

/**
 * The transaction currently standing for an epoch: everything needed to broadcast it again,
 * byte-for-byte, after a restart.
 *
 * @param nonce the operator account nonce it uses
 * @param txHash its hash, {@code 0x} lowercase
 * @param rawTx the signed bytes, {@code 0x} hex
 * @param maxFeePerGas wei per gas
 * @param maxPriorityFeePerGas wei per gas
 * @param submittedAtMs when this transaction (this nonce and fees) was first signed, epoch ms
 * @param lastBroadcastAtMs when it was last sent to the node (the fee-bump timer), epoch ms
 */
public record Submission(
    BigInteger nonce,
    String txHash,
    String rawTx,
    BigInteger maxFeePerGas,
    BigInteger maxPriorityFeePerGas,
    long submittedAtMs,
    long lastBroadcastAtMs) {
  /** Validates the fields. */
  public Submission {
    if (nonce == null || nonce.signum() < 0) {
      throw new IllegalArgumentException("nonce must be >= 0, was " + nonce);
    }
    if (txHash == null || !txHash.startsWith("0x") || txHash.length() != 66) {
      throw new IllegalArgumentException("txHash must be 0x + 64 hex digits, was " + txHash);
    }
    if (rawTx == null || !rawTx.startsWith("0x")) {
      throw new IllegalArgumentException("rawTx must be 0x hex");
    }
    if (maxFeePerGas == null || maxPriorityFeePerGas == null) {
      throw new IllegalArgumentException("fees must be set");
    }
  }

  /** This submission broadcast again at {@code nowMs}. */
  public Submission rebroadcastAt(long nowMs) {
    return new Submission(
        nonce, txHash, rawTx, maxFeePerGas, maxPriorityFeePerGas, submittedAtMs, nowMs);
  }
}
