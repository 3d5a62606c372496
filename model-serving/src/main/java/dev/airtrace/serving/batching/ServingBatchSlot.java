package dev.airtrace.serving.batching;

import java.util.concurrent.CompletableFuture;

/**
 * One queued input inside a running batch: what a {@link ServingBatchRunner} reads and answers.
 * Each slot must be answered exactly once ({@link #complete} or {@link #fail}); the batcher fails
 * any slot a runner leaves unanswered, so no request is ever lost.
 */
public final class ServingBatchSlot {
  private final ServingBatchInput input;
  private final CompletableFuture<Prediction> result = new CompletableFuture<>();
  private final long enqueuedNanos;

  ServingBatchSlot(ServingBatchInput input, long enqueuedNanos) {
    this.input = input;
    this.enqueuedNanos = enqueuedNanos;
  }

  /** The request's rows. */
  public ServingBatchInput input() {
    return input;
  }

  /** Answers the request. */
  public void complete(Prediction prediction) {
    result.complete(prediction);
  }

  /** Fails the request with the reason its caller will see. */
  public void fail(Throwable error) {
    result.completeExceptionally(error);
  }

  /** Whether the slot has been answered. */
  public boolean done() {
    return result.isDone();
  }

  long enqueuedNanos() {
    return enqueuedNanos;
  }

  CompletableFuture<Prediction> future() {
    return result;
  }
}
