package dev.airtrace.anomaly;

import java.util.Objects;

/**
 * One reading of one series, as the detector sees it.
 *
 * @param key the series
 * @param eventTimeMillis when the value was measured, epoch milliseconds (carried into the verdict;
 *     the detector orders a series by arrival, not by this time)
 * @param value the measured value, finite
 */
public record Observation(SeriesKey key, long eventTimeMillis, double value) {
  public Observation {
    Objects.requireNonNull(key, "key");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(key + ": value must be finite but was " + value);
    }
  }
}
