package dev.airtrace.serving.batch;

import java.util.concurrent.CompletableFuture;

/**
 * One queued input inside a running batch: what a {@link BatchRunner} reads and answers. Each slot
 * must be answered exactly once ({@link #complete} or {@link #fail}); the batcher fails any slot a
 * runner leaves unanswered, so no request is ever lost.
 */
public final class BatchSlot {
  private final BatchInput input;
  private final CompletableFuture<Prediction> result = new CompletableFuture<>();
  private final long enqueuedNanos;

  BatchSlot(BatchInput input, long enqueuedNanos) {
    this.input = input;
    this.enqueuedNanos = enqueuedNanos;
  }

  /** The request's rows. */
  public BatchInput input() {
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
