/**
 * The anchoring service: {@link dev.airtrace.anchoring.AnchoringRuntime} wires it for production
 * from one {@link dev.airtrace.anchoring.AnchoringConfig}; {@link
 * dev.airtrace.anchoring.AnchoringLoop} (its one thread) reads gateway Merkle batch headers from a
 * {@link dev.airtrace.anchoring.MerkleBatchHeaderSource}, seals epochs over them with {@link
 * dev.airtrace.anchoring.epoch.EpochBuilder} and drives {@link dev.airtrace.anchoring.Anchorer}
 * (the persisted per-epoch state machine) against a {@link
 * dev.airtrace.anchoring.chain.ChainClient}. The glossary (one name per role: seal, anchor, submit,
 * commit, operator) is in {@code docs/anchoring.md}.
 */
package dev.airtrace.anchoring;
