package dev.airtrace.gateway.integrity;

import java.util.OptionalLong;

/**
 * Where a {@link MerkleBatcher} finds the last batch counter it opened and records each new one, so
 * that counters never repeat across restarts. Two stores: {@link BatchSeqStore} (a file forced to
 * disk when a batch opens: never repeats, may skip one counter per crash) and {@link
 * OutboxBatchCounter} (the counter travels in the outbox's atomic write of the pass that opened the
 * batch: never repeats, never skips).
 *
 * <p>Threading: called by the batcher's owner (the gateway's worker thread) only.
 */
public interface BatchCounterStore {

  /** The last counter recorded, or empty if none (a gateway's first start). */
  OptionalLong lastOpened();

  /** Records that the batch with counter {@code seq} opened. */
  void recordOpened(long seq);
}
