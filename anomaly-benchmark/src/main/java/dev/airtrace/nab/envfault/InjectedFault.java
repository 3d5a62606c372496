package dev.airtrace.nab.envfault;

import java.util.Objects;

/**
 * One injected fault of a corpus file, as {@code labels/faults.json} lists it.
 *
 * @param file corpus key, {@code <category>/<file>.csv}
 * @param type the fault
 * @param firstRow first affected row (0-based data row)
 * @param lastRow last affected row, {@code >= firstRow}
 * @param windowFirstRow first row of the labelled NAB window
 * @param windowLastRow last row of the labelled NAB window
 * @param magnitude the fault's size in the series' unit (offset, noise σ, spike height; 0 for stuck
 *     and dropout)
 */
public record InjectedFault(
    String file,
    FaultType type,
    int firstRow,
    int lastRow,
    int windowFirstRow,
    int windowLastRow,
    double magnitude) {
  public InjectedFault {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(type, "type");
    if (firstRow < 0
        || lastRow < firstRow
        || windowFirstRow > firstRow
        || windowLastRow < lastRow) {
      throw new IllegalArgumentException(
          file
              + ": fault rows "
              + firstRow
              + ".."
              + lastRow
              + " outside window "
              + windowFirstRow
              + ".."
              + windowLastRow);
    }
  }
}
