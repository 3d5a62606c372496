package dev.airtrace.serving.http;

/** An error answered as {@code {"error": message}} with an HTTP status. Carries no stack trace. */
final class OipException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  OipException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
