package dev.airtrace.core.codec;

import dev.airtrace.core.deadletter.RejectReason;

/** A record or payload could not be decoded; carries the reject reason for the dead letter. */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final RejectReason reason;

  public CodecException(RejectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public CodecException(RejectReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why decoding failed. */
  public RejectReason reason() {
    return reason;
  }
}
