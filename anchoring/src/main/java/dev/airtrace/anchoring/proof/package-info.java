/**
 * Assembles {@code sensor-anchor-proof/1} parts from an epoch record: the level-1 path of a batch
 * header in its epoch tree, the {@code batch} and {@code anchor} objects, and (given the gateway
 * batch's leaf hashes) the level-0 path and the whole proof.
 */
package dev.airtrace.anchoring.proof;
