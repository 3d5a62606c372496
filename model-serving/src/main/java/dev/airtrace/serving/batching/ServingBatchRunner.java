package dev.airtrace.serving.batching;

import java.util.List;

/**
 * Runs one batch: writes every slot's input into one tensor, runs the model once (or in chunks of
 * at most the configured batch for one oversized input) and answers each slot with its slice of the
 * outputs. Called from the batcher's worker threads, concurrently when there are several.
 */
@FunctionalInterface
public interface ServingBatchRunner {

  /**
   * Answers every slot. A slot whose input does not fit is failed alone; an exception thrown from
   * here fails every slot not yet answered.
   *
   * @param slots one or more slots, their rows summing to at most {@code maxBatch} unless there is
   *     exactly one slot
   * @param maxBatch the configured batch bound, for chunking an oversized single input
   */
  void run(List<ServingBatchSlot> slots, int maxBatch);
}
