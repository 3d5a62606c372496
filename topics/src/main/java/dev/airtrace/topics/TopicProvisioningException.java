package dev.airtrace.topics;

/** Topics could not be created: Kafka refused, failed or did not answer in time. */
public final class TopicProvisioningException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the cluster and what went wrong. */
  public TopicProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}
