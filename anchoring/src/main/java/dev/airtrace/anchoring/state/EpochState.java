package dev.airtrace.anchoring.state;

/**
 * Where an epoch is on its way to the chain. Transitions (and only these): SEALED → SUBMITTED →
 * INCLUDED → FINAL; INCLUDED → SUBMITTED when a reorg drops the transaction; SUBMITTED → SUBMITTED
 * on a fee bump or a re-sign with a fresh nonce. FINAL is terminal.
 */
public enum EpochState {
  /** The epoch root is fixed and persisted; no transaction has been signed yet. */
  SEALED,
  /** A signed transaction (nonce, hash, raw bytes, fees) is persisted and was (re)broadcast. */
  SUBMITTED,
  /** The transaction is in a canonical block that is not yet final. */
  INCLUDED,
  /** The block is at or below the chain's {@code finalized} block. */
  FINAL
}
