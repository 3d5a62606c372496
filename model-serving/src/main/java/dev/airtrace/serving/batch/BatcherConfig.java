package dev.airtrace.serving.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * How the micro-batcher groups requests.
 *
 * @param maxBatch the most rows one model run takes, {@code >= 1}; an input with more rows than
 *     this runs alone, in chunks of {@code maxBatch}
 * @param maxDelay how long the oldest waiting input may wait for others to join its batch; zero
 *     runs whatever is queued at once
 * @param queueCapacity the most inputs waiting at once; beyond it HTTP callers get 429 and the
 *     Kafka consumer blocks (back-pressure)
 * @param workers threads taking batches off the queue, {@code >= 1}; more than one overlaps request
 *     handling with a native run, each adds one concurrent model run
 */
public record BatcherConfig(int maxBatch, Duration maxDelay, int queueCapacity, int workers) {
  /** Default rows per batch: where a small MLP's batch throughput flattens on the CPU. */
  public static final int DEFAULT_MAX_BATCH = 32;

  /** Default wait for a batch to fill. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(5);

  /** Default queue bound, in inputs. */
  public static final int DEFAULT_QUEUE_CAPACITY = 4096;

  /** Default worker threads. */
  public static final int DEFAULT_WORKERS = 1;

  public BatcherConfig {
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1 but was " + maxBatch);
    }
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException("maxDelay must not be negative but was " + maxDelay);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be >= 1 but was " + queueCapacity);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1 but was " + workers);
    }
  }

  /** Batch 32, 5 ms, 4096 queued inputs, one worker. */
  public static BatcherConfig defaults() {
    return new BatcherConfig(
        DEFAULT_MAX_BATCH, DEFAULT_MAX_DELAY, DEFAULT_QUEUE_CAPACITY, DEFAULT_WORKERS);
  }

  public BatcherConfig withMaxBatch(int rows) {
    return new BatcherConfig(rows, maxDelay, queueCapacity, workers);
  }

  public BatcherConfig withMaxDelay(Duration delay) {
    return new BatcherConfig(maxBatch, delay, queueCapacity, workers);
  }

  public BatcherConfig withQueueCapacity(int inputs) {
    return new BatcherConfig(maxBatch, maxDelay, inputs, workers);
  }

  public BatcherConfig withWorkers(int threads) {
    return new BatcherConfig(maxBatch, maxDelay, queueCapacity, threads);
  }
}
