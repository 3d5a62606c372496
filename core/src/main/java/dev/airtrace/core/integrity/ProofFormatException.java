package dev.airtrace.core.integrity;

/** A proof or batch-header document is not valid {@code sensor-anchor-proof/1} JSON. */
public final class ProofFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ProofFormatException(String message) {
    super(message);
  }

  public ProofFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
