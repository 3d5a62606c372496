package dev.airtrace.nab;

/**
 * One labelled anomaly window of a data file as an inclusive range of row indices.
 *
 * @param firstRow index of the window's first row (its start timestamp)
 * @param lastRow index of the window's last row (its end timestamp), {@code >= firstRow}
 */
public record RowWindow(int firstRow, int lastRow) {

  /** Rejects negative or reversed ranges. */
  public RowWindow {
    if (firstRow < 0 || lastRow < firstRow) {
      throw new IllegalArgumentException(
          "window rows must satisfy 0 <= firstRow <= lastRow, got ["
              + firstRow
              + ", "
              + lastRow
              + "]");
    }
  }

  /**
   * @return the number of rows in the window ({@code lastRow - firstRow + 1})
   */
  public int width() {
    return lastRow - firstRow + 1;
  }

  /**
   * @param row a row index
   * @return whether the row lies inside this window
   */
  public boolean contains(int row) {
    return row >= firstRow && row <= lastRow;
  }
}
