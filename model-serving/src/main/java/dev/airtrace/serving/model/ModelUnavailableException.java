package dev.airtrace.serving.model;

/**
 * No version of the model is loaded (yet): the repository is empty or every version was refused.
 * HTTP answers 503; the Kafka path retries.
 */
public class ModelUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelUnavailableException(String message) {
    super(message, null, false, false);
  }
}
