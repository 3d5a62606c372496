/**
 * The dynamic micro-batcher ({@link dev.airtrace.serving.batching.ServingBatcher}): one bounded
 * queue of model inputs shared by every request source (Kafka and HTTP), drained by a few worker
 * threads into <em>serving batches</em> of at most {@code maxBatch} rows or whatever arrived within
 * {@code maxDelay} of the oldest waiting input. A serving batch is the rows of one model run; it
 * has nothing to do with the gateway's Merkle batch. No dependency on Kafka, HTTP or a native
 * library, so it is unit-tested with a fake {@link
 * dev.airtrace.serving.batching.ServingBatchRunner}.
 */
package dev.airtrace.serving.batching;
