package dev.airtrace.nab;

import java.util.Arrays;

/**
 * Position-only part of the per-row weights s_i of one file (nab-scoring.md §1.2), independent of
 * the profile: inside window k the row's shape is σ(y)/σ(−1) (> 0, scaled by A_TP), elsewhere it is
 * σ(y) or −1 (in [−1, 0), scaled by A_FP). Immutable and thread-safe.
 */
final class FileWeights {
  private final int probation;
  private final int[] windowOfRow;
  private final double[] shape;

  FileWeights(NabDataFile file, ScoringRules rules) {
    int rows = file.rowCount();
    this.probation = Math.min(rules.probationaryRows(rows), rows);
    this.windowOfRow = new int[rows];
    this.shape = new double[rows];
    Arrays.fill(windowOfRow, -1);
    Arrays.fill(shape, -1.0);
    RowWindow previous = null;
    int k = 0;
    int row = 0;
    for (RowWindow window : file.windows()) {
      for (; row < window.firstRow(); row++) {
        shape[row] = afterWindow(previous, row);
      }
      double width = window.width();
      for (; row <= window.lastRow(); row++) {
        double y = -(window.lastRow() - row + 1) / width;
        shape[row] = ScaledSigmoid.apply(y) / ScaledSigmoid.MAX_TRUE_POSITIVE;
        windowOfRow[row] = k;
      }
      previous = window;
      k++;
    }
    for (; row < rows; row++) {
      shape[row] = afterWindow(previous, row);
    }
  }

  /** Rows before the first window cost the full A_FP; after a window the cost ramps up. */
  private static double afterWindow(RowWindow previous, int row) {
    if (previous == null) {
      return -1.0;
    }
    // A one-row window divides by zero: y = +inf, which σ clamps to -1.
    double y = (row - previous.lastRow()) / (double) (previous.width() - 1);
    return ScaledSigmoid.apply(y);
  }

  int probation() {
    return probation;
  }

  int rows() {
    return shape.length;
  }

  /** Window index of the row within its file, or −1 outside windows. */
  int windowOf(int row) {
    return windowOfRow[row];
  }

  double shape(int row) {
    return shape[row];
  }

  double weight(int row, CostProfile profile) {
    return windowOfRow[row] >= 0
        ? shape[row] * profile.truePositiveWeight()
        : shape[row] * profile.falsePositiveWeight();
  }
}
