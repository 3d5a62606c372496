package dev.airtrace.localstack;

/**
 * Thrown when a service cannot be started or reached. The message says what failed and, where a log
 * file exists, ends with its last lines, so a CI log alone explains the failure.
 */
public final class ServiceStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a self-contained message. */
  public ServiceStartException(String message) {
    super(message);
  }

  /** Creates an exception with a self-contained message and its cause. */
  public ServiceStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
