/**
 * Integrity primitives behind signed, anchored readings: the canonical leaf bytes of a reading
 * ({@link dev.airtrace.core.integrity.LeafEncoding}), RFC 6962/9162 Merkle trees and inclusion
 * proofs ({@link dev.airtrace.core.integrity.MerkleTree}, {@link
 * dev.airtrace.core.integrity.InclusionProof}), Ed25519 keys and signatures ({@link
 * dev.airtrace.core.integrity.Ed25519}), signed gateway batch headers ({@link
 * dev.airtrace.core.integrity.BatchHeader}) and the self-contained {@code sensor-anchor-proof/1}
 * document ({@link dev.airtrace.core.integrity.AnchorProof}, {@link
 * dev.airtrace.core.integrity.AnchorProofJson}).
 *
 * <p>Pure JDK plus Jackson and an RFC 8785 canonicaliser: no chain client lives here, so the
 * gateway, the anchoring service and the offline verifier share one definition of every byte that
 * is hashed or signed. See {@code docs/integrity.md}.
 */
package dev.airtrace.core.integrity;
