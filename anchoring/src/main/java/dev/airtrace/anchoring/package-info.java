/**
 * The anchoring service: {@link dev.airtrace.anchoring.AnchoringService} (the poll loop) drives
 * {@link dev.airtrace.anchoring.epoch.EpochBuilder} (epochs over gateway batch headers) and {@link
 * dev.airtrace.anchoring.Anchorer} (the persisted per-epoch state machine) against a {@link
 * dev.airtrace.anchoring.chain.ChainClient}. See {@code docs/anchoring.md}.
 */
package dev.airtrace.anchoring;
