package dev.airtrace.serving.batching;

/**
 * A request the model cannot take as given: wrong shape, wrong tensor name, a pinned version that
 * is not live. The caller's fault, so HTTP answers 400 (or 404 for {@link #notFound()}) and the
 * Kafka path dead-letters the record.
 */
public class InputRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean notFound;

  public InputRejectedException(String message) {
    this(message, false);
  }

  private InputRejectedException(String message, boolean notFound) {
    super(message, null, false, false);
    this.notFound = notFound;
  }

  /** A rejection because the model or version asked for is not served. */
  public static InputRejectedException modelNotFound(String message) {
    return new InputRejectedException(message, true);
  }

  /** Whether the model or version asked for is not served (HTTP 404) rather than malformed. */
  public boolean notFound() {
    return notFound;
  }
}
