package dev.airtrace.faults;

import java.util.List;

/**
 * The counts of one scenario, by (device, seq, event time) for readings and by input bytes for dead
 * letters.
 *
 * @param published messages the scenario published
 * @param delivered planned readings found on the readings topic (read_committed), each counted once
 * @param deadLettered planned rejects found on the gateway's dead-letter topic, each counted once
 * @param lost planned readings or rejects found on neither topic
 * @param dupAfterDedup readings on the topic that de-duplication by (device, seq, event time) keeps
 *     but the plan does not have: they would be counted twice downstream
 * @param redeliveredCopies extra copies of planned readings and dead letters (at-least-once
 *     redelivery after a crash), removed by the processor's de-duplication
 * @param unexpectedDeadLetters dead letters of this scenario for inputs that were planned as
 *     readings or not planned at all
 * @param lostSample up to ten lost items, for failure messages
 */
record Audit(
    int published,
    int delivered,
    int deadLettered,
    int lost,
    int dupAfterDedup,
    int redeliveredCopies,
    int unexpectedDeadLetters,
    List<String> lostSample) {

  /** Whether every planned reading and reject has arrived. */
  boolean complete() {
    return lost == 0;
  }

  @Override
  public String toString() {
    return "published="
        + published
        + " delivered="
        + delivered
        + " dead-lettered="
        + deadLettered
        + " lost="
        + lost
        + " dup-after-dedup="
        + dupAfterDedup
        + " redelivered-copies="
        + redeliveredCopies
        + " unexpected-dead-letters="
        + unexpectedDeadLetters
        + (lostSample.isEmpty() ? "" : " lost e.g. " + lostSample);
  }
}
