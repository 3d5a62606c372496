package dev.airtrace.gateway.outbox;

/**
 * A snapshot of the outbox for the status line and tests. Immutable.
 *
 * @param backlogRecords records in the outbox (appended, not yet acknowledged by Kafka)
 * @param backlogBytes their stored size before compression
 * @param oldestAgeMillis age of the oldest record, 0 when empty
 * @param drainRate records Kafka acknowledged per second over the last second
 * @param linkUp whether the last Kafka send succeeded (no failure since)
 * @param blocked whether appends wait (full under {@code BACKPRESSURE}, or disk errors)
 * @param appended records appended since start
 * @param forwarded records Kafka acknowledged since start (deleted from the outbox)
 * @param forwardedBackfill of those, records sent as backfill
 * @param droppedOverflow records deleted unsent by {@code DROP_OLDEST}
 * @param droppedExpired records deleted unsent because they were older than {@code maxAge}
 */
public record OutboxStatus(
    long backlogRecords,
    long backlogBytes,
    long oldestAgeMillis,
    long drainRate,
    boolean linkUp,
    boolean blocked,
    long appended,
    long forwarded,
    long forwardedBackfill,
    long droppedOverflow,
    long droppedExpired) {

  /** The status line's outbox part, e.g. {@code outbox=120/48K oldest=3s drain=2000/s link=up}. */
  public String progressPart() {
    StringBuilder sb =
        new StringBuilder("outbox=")
            .append(backlogRecords)
            .append('/')
            .append(backlogBytes / 1024)
            .append("K oldest=")
            .append(oldestAgeMillis / 1000)
            .append("s drain=")
            .append(drainRate)
            .append("/s link=")
            .append(linkUp ? "up" : "down");
    if (blocked) {
      sb.append(" BLOCKED");
    }
    if (droppedOverflow + droppedExpired > 0) {
      sb.append(" dropped=").append(droppedOverflow + droppedExpired);
    }
    return sb.toString();
  }
}
