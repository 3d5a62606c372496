/**
 * The dynamic micro-batcher: one bounded queue of model inputs shared by every request source
 * (Kafka and HTTP), drained by a few worker threads into batches of at most {@code maxBatch} rows
 * or whatever arrived within {@code maxDelay} of the oldest waiting input. No dependency on Kafka,
 * HTTP or a native library, so it is unit-tested with a fake {@link
 * dev.airtrace.serving.batch.BatchRunner}.
 */
package dev.airtrace.serving.batch;
