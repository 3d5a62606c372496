package dev.airtrace.serving.batching;

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
public record ServingBatchConfig(int maxBatch, Duration maxDelay, int queueCapacity, int workers) {
  /** Default rows per batch: where a small MLP's batch throughput flattens on the CPU. */
  public static final int DEFAULT_MAX_BATCH = 32;

  /** Default wait for a batch to fill. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(5);

  /** Default queue bound, in inputs. */
  public static final int DEFAULT_QUEUE_CAPACITY = 4096;

  /** Default worker threads. */
  public static final int DEFAULT_WORKERS = 1;

  public ServingBatchConfig {
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
  public static ServingBatchConfig defaults() {
    return new ServingBatchConfig(
        DEFAULT_MAX_BATCH, DEFAULT_MAX_DELAY, DEFAULT_QUEUE_CAPACITY, DEFAULT_WORKERS);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link ServingBatchConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private int maxBatch;
    private Duration maxDelay;
    private int queueCapacity;
    private int workers;

    private Builder(ServingBatchConfig from) {
      this.maxBatch = from.maxBatch;
      this.maxDelay = from.maxDelay;
      this.queueCapacity = from.queueCapacity;
      this.workers = from.workers;
    }

    /** See {@link ServingBatchConfig#maxBatch()}. */
    public Builder maxBatch(int value) {
      this.maxBatch = value;
      return this;
    }

    /** See {@link ServingBatchConfig#maxDelay()}. */
    public Builder maxDelay(Duration value) {
      this.maxDelay = value;
      return this;
    }

    /** See {@link ServingBatchConfig#queueCapacity()}. */
    public Builder queueCapacity(int value) {
      this.queueCapacity = value;
      return this;
    }

    /** See {@link ServingBatchConfig#workers()}. */
    public Builder workers(int value) {
      this.workers = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ServingBatchConfig build() {
      return new ServingBatchConfig(maxBatch, maxDelay, queueCapacity, workers);
    }
  }
}
