package dev.airtrace.topics;

import java.nio.charset.StandardCharsets;

/**
 * Kafka record headers that are part of the topic contracts (docs/topics.md, "Record headers").
 * Constants only.
 */
public final class RecordHeaders {
  private RecordHeaders() {}

  /**
   * Marks a record the gateway's outbox sent as backfill (held back while the link to Kafka was
   * down or behind, then sent after live records); its value is {@link #BACKFILL_TRUE}. Absent on
   * live records. Set on every gateway topic (readings, aggregates, dead letters, anomaly events,
   * batch headers).
   */
  public static final String BACKFILL = "airtrace-backfill";

  /** The value of {@link #BACKFILL}: the single byte {@code "1"}. */
  public static final String BACKFILL_TRUE = "1";

  /** {@link #BACKFILL_TRUE} as the header's bytes. */
  public static byte[] backfillTrue() {
    return BACKFILL_TRUE.getBytes(StandardCharsets.US_ASCII);
  }
}
