package dev.airtrace.gateway.outbox;

/** What the outbox does when appending would exceed its byte bound. */
public enum OverflowPolicy {
  /**
   * Stop appending, so the MQTT messages behind the records are not acknowledged: the gateway's
   * in-flight window fills and the broker stops delivering and keeps the rest (default). Nothing is
   * dropped by the gateway; the broker's own limits then apply.
   */
  BACKPRESSURE,
  /**
   * Delete the oldest records not in flight to make room; every dropped record is counted ({@code
   * airtrace.gateway.outbox.dropped}, reason {@code OVERFLOW}) and logged.
   */
  DROP_OLDEST
}
