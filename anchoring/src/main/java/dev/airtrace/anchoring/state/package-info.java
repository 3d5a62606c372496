/**
 * The persisted per-epoch state machine: {@link dev.airtrace.anchoring.state.EpochRecord} values
 * (immutable, one per transition) and the {@link dev.airtrace.anchoring.state.EpochStore} that
 * keeps the latest one per epoch. No chain or Kafka types here.
 */
package dev.airtrace.anchoring.state;
