package dev.airtrace.core.integrity;

/** An inclusion proof is malformed for its tree (index out of range, wrong path length). */
public final class InvalidProofException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    super(message);
  }
}
