package dev.airtrace.nab;

import java.util.List;
import java.util.Objects;

/**
 * One data file of a NAB corpus: its key ({@code "<category>/<file>.csv"}), the rows in file order
 * (timestamp as epoch milliseconds of the UTC-free local time written in the file, and value) and
 * its labelled anomaly windows as row ranges, sorted and disjoint.
 *
 * <p>Immutable and thread-safe; the arrays are owned by this object and never exposed.
 */
public final class NabDataFile {
  private final String key;
  private final long[] timestamps;
  private final double[] values;
  private final List<RowWindow> windows;

  /**
   * @param key corpus key, {@code "<category>/<file>.csv"}
   * @param timestamps row timestamps in epoch milliseconds (copied)
   * @param values row values (copied), same length as {@code timestamps}
   * @param windows anomaly windows, sorted, disjoint and inside the file
   * @throws IllegalArgumentException when lengths differ or windows are unsorted, overlapping or
   *     out of range
   */
  public NabDataFile(String key, long[] timestamps, double[] values, List<RowWindow> windows) {
    this.key = Objects.requireNonNull(key, "key");
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException(
          key + ": " + timestamps.length + " timestamps but " + values.length + " values");
    }
    this.timestamps = timestamps.clone();
    this.values = values.clone();
    this.windows = List.copyOf(windows);
    int previousLast = -1;
    for (RowWindow window : this.windows) {
      if (window.firstRow() <= previousLast) {
        throw new IllegalArgumentException(
            key + ": windows must be sorted and disjoint, got " + this.windows);
      }
      if (window.lastRow() >= timestamps.length) {
        throw new IllegalArgumentException(
            key + ": window " + window + " ends after the last row " + (timestamps.length - 1));
      }
      previousLast = window.lastRow();
    }
  }

  /**
   * @return the corpus key, {@code "<category>/<file>.csv"}
   */
  public String key() {
    return key;
  }

  /**
   * @return number of data rows
   */
  public int rowCount() {
    return timestamps.length;
  }

  /**
   * @param row row index
   * @return the row's timestamp in epoch milliseconds (local time read as UTC)
   */
  public long timestampMillis(int row) {
    return timestamps[row];
  }

  /**
   * @param row row index
   * @return the row's value
   */
  public double value(int row) {
    return values[row];
  }

  /**
   * @return the anomaly windows, sorted and disjoint (empty for a file without anomalies)
   */
  public List<RowWindow> windows() {
    return windows;
  }

  /**
   * @param row row index
   * @return whether the row lies inside an anomaly window
   */
  public boolean inWindow(int row) {
    for (RowWindow window : windows) {
      if (window.contains(row)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return key + " (" + rowCount() + " rows, " + windows.size() + " windows)";
  }
}
