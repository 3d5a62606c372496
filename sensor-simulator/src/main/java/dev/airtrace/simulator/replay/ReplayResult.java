package dev.airtrace.simulator.replay;

/**
 * What a replay did. Every data row of the file is in exactly one of {@code published}, {@code
 * outsideRange}, {@code empty} and {@code bad}. Immutable.
 *
 * @param rows data rows read (blank and comment lines not counted)
 * @param published rows published as one MQTT message each (and acknowledged by the broker)
 * @param outsideRange rows skipped because their event time lies outside {@code [from, until)}
 * @param empty rows skipped because every value was missing
 * @param bad rows skipped (or, under {@code STOP}, the one that ended the replay) as unreadable
 * @param firstEventTime the earliest published event time, epoch ms, or {@code Long.MAX_VALUE} when
 *     nothing was published
 * @param lastEventTime the latest published event time, epoch ms, or {@code Long.MIN_VALUE}
 */
public record ReplayResult(
    long rows,
    long published,
    long outsideRange,
    long empty,
    long bad,
    long firstEventTime,
    long lastEventTime) {

  /** One line for a console, e.g. {@code 8,760 rows: 8,759 published, 1 empty, 0 bad}. */
  public String summary() {
    return String.format(
        "%,d rows: %,d published, %,d outside the time range, %,d without any value, %,d bad",
        rows, published, outsideRange, empty, bad);
  }
}
