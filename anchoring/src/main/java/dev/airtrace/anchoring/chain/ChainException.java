package dev.airtrace.anchoring.chain;

/**
 * A chain call failed. {@link ChainUnavailableException} means the node could not be reached (retry
 * with backoff); {@link ChainRejectedException} means the node answered with a JSON-RPC error.
 */
public class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and its cause (may be null). */
  public ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
