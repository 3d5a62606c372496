package dev.airtrace.cli.pacing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a paced replay did at its hour boundaries (the last row's hour counts as one, awaited after
 * the last row). Immutable.
 *
 * @param boundaries hour boundaries paced
 * @param caughtUp boundaries where everything awaited arrived within the bound
 * @param nothingToAwait boundaries where the published rows closed no hour yet
 * @param timedOut boundaries where the bound ran out and the next hour was published anyway
 * @param outOfOrderRows rows whose hour was earlier than the hour being published (published as
 *     read)
 * @param waited total time spent waiting
 * @param longestWait the longest wait at one boundary
 * @param wall wall time from the first row to the end of the last wait
 * @param examples descriptions of the first timed-out boundaries (what was missing)
 */
public record PacingResult(
    long boundaries,
    long caughtUp,
    long nothingToAwait,
    long timedOut,
    long outOfOrderRows,
    Duration waited,
    Duration longestWait,
    Duration wall,
    List<String> examples) {
  public PacingResult {
    examples = List.copyOf(examples);
  }

  /** Boundaries paced causally: caught up, or nothing to wait for. */
  public long causal() {
    return caughtUp + nothingToAwait;
  }

  /** One line for the replay's report. */
  public String summary() {
    double perHour = boundaries == 0 ? 0 : wall.toMillis() / 1000.0 / boundaries;
    return String.format(
        "paced %,d event hours: %,d causally (%,d caught up, %,d with nothing closed yet),"
            + " %,d timed out; %,d rows out of time order; wall %.1f s (%.2f s per hour),"
            + " waiting %.1f s, longest wait %.1f s",
        boundaries,
        causal(),
        caughtUp,
        nothingToAwait,
        timedOut,
        outOfOrderRows,
        wall.toMillis() / 1000.0,
        perHour,
        waited.toMillis() / 1000.0,
        longestWait.toMillis() / 1000.0);
  }

  /** The summary and one line per listed timed-out boundary. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(summary());
    examples.forEach(e -> lines.add("  timed out " + e));
    if (timedOut > examples.size()) {
      lines.add("  ... and " + (timedOut - examples.size()) + " more timed-out hours");
    }
    return lines;
  }
}
