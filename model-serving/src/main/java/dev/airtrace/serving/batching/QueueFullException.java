package dev.airtrace.serving.batching;

/**
 * The batcher's queue is at capacity (HTTP answers 429) or the batcher is closed (503). Raised
 * without a stack trace: it is flow control, not a bug.
 */
public class QueueFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean closed;

  public QueueFullException(String message, boolean closed) {
    super(message, null, false, false);
    this.closed = closed;
  }

  /** Whether the batcher is shutting down rather than busy. */
  public boolean closed() {
    return closed;
  }
}
