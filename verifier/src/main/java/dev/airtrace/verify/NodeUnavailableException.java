package dev.airtrace.verify;

/**
 * A JSON-RPC call that gave no usable answer: connection refused, timeout, HTTP error, malformed
 * JSON or a JSON-RPC {@code error} object. Always leads to {@link Verdict#CANNOT_DECIDE}.
 */
final class NodeUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  NodeUnavailableException(String message) {
    super(message);
  }

  NodeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
