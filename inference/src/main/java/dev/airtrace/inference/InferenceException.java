package dev.airtrace.inference;

/**
 * A model could not be loaded or run: a missing or corrupt file, a hash mismatch, an input of the
 * wrong shape, a native error, or an accelerator that {@code strict} mode required and this host
 * lacks. The message says which and names the model.
 */
public class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InferenceException(String message) {
    super(message);
  }

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
