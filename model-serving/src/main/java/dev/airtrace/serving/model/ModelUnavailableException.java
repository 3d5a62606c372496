package dev.airtrace.serving.model;

/**
 * No version of the model can be leased: the model source is closed. HTTP answers 503; the Kafka
 * path retries. An {@link IllegalStateException}, as {@link
 * dev.airtrace.inference.LiveModel#acquire()} promises.
 */
public class ModelUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ModelUnavailableException(String message) {
    super(message);
  }

  /** No stack trace: thrown per request while the source is closed, and the message says it all. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
