package dev.airtrace.gateway.outbox;

/**
 * How a record's value changes when the outbox sends it as backfill, per topic; given to the outbox
 * by the gateway so that the outbox itself stays format-agnostic (it stores and sends bytes). The
 * gateway's applies {@code dev.airtrace.topics.BackfillField#mark} (adds {@code "backfill": true})
 * to its configured readings, aggregates and anomaly topics and leaves other values unchanged.
 * Called on the outbox's send thread; must be stateless.
 */
@FunctionalInterface
public interface BackfillValues {
  /** Sends backfill values as they were appended (the header alone marks them). */
  BackfillValues UNCHANGED = (topic, value) -> value;

  /**
   * The value to send for a backfill record of {@code topic}; the stored record is not changed.
   *
   * @throws RuntimeException if the value cannot be marked: the outbox then sends it unchanged
   *     (still with the backfill header) and counts it
   */
  byte[] mark(String topic, byte[] value);
}
