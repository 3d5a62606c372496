package dev.airtrace.gateway.integrity;

/**
 * When an MQTT message waits for the signed header of the Merkle batch that holds its readings
 * before it is acknowledged ({@link IntegrityConfig#ackAfterSeal()}).
 *
 * <p>Waiting makes every reading that leaves the gateway provable after any crash: an
 * unacknowledged message is redelivered by the broker and batched again. Its cost depends on the
 * sink. On the disk outbox the gateway seals its batch at the end of every worker pass and appends
 * the pass's records and the header in one atomic write, so the wait is the outbox's own append
 * (one fsync per pass, already paid). Straight to Kafka ({@code --no-outbox}) the wait is the batch
 * age and a Kafka round trip, which caps throughput at the broker's in-flight window per batch.
 */
public enum AckAfterSeal {
  /** Wait when the gateway writes to its disk outbox, not when it writes straight to Kafka. */
  WITH_OUTBOX,
  /** Always wait, also straight to Kafka (throughput bounded by the broker window per batch). */
  ALWAYS,
  /** Never wait: a crash before a batch seals leaves its delivered readings without a header. */
  NEVER;

  /** Whether messages wait for the seal on a sink that does (or does not) append atomically. */
  public boolean appliesTo(boolean outbox) {
    return this == ALWAYS || (this == WITH_OUTBOX && outbox);
  }
}
