package dev.airtrace.anchoring.chain;

/** The named blocks of the JSON-RPC block parameter that the anchorer reads. */
public enum BlockTag {
  /** The head of the node's canonical chain. */
  LATEST,
  /** The latest block the consensus layer considers safe from reorgs in practice. */
  SAFE,
  /** The latest block that cannot be reverted without slashing; anvil reports latest − 64. */
  FINALIZED
}
