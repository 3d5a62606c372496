package dev.airtrace.anomaly;

import java.util.Objects;

/**
 * A recorded series to replay through a detector (a NAB data file, a recorded sensor).
 *
 * @param name the series' name, used as the device id of its {@link SeriesKey}
 * @param timesMillis event times, epoch milliseconds, one per value
 * @param values the values in time order; the arrays are not copied and must not change
 */
public record ReplaySeries(String name, long[] timesMillis, double[] values) {
  public ReplaySeries {
    Objects.requireNonNull(name, "name");
    if (timesMillis.length != values.length) {
      throw new IllegalArgumentException(
          name + ": " + timesMillis.length + " times but " + values.length + " values");
    }
  }
}
