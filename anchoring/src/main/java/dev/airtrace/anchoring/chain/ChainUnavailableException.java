package dev.airtrace.anchoring.chain;

/** The JSON-RPC endpoint could not be reached or timed out; the call may succeed later. */
public final class ChainUnavailableException extends ChainException {
  private static final long serialVersionUID = 1L;

  /** An outage with a message and the I/O cause. */
  public ChainUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
