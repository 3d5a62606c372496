package dev.airtrace.gateway.kafka;

/** A record could not be handed to Kafka at all; the producer is not usable any more. */
public final class RecordSinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecordSinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
