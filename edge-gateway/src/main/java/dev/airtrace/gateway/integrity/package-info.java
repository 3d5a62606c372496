/**
 * The gateway's integrity part: every accepted reading becomes a leaf of the gateway's current
 * Merkle batch ({@link dev.airtrace.gateway.integrity.MerkleBatcher}); sealed batches become
 * Ed25519-signed batch headers. Configured by {@link
 * dev.airtrace.gateway.integrity.IntegrityConfig}; the batch counter survives restarts in a {@link
 * dev.airtrace.gateway.integrity.BatchSeqStore}. See {@code docs/gateway.md}, section Integrity.
 */
package dev.airtrace.gateway.integrity;
