package dev.airtrace.nab;

/**
 * Row counts of a scoring run (rows, not windows; probationary rows excluded), as NAB reports them.
 *
 * @param truePositives detected rows inside windows
 * @param falsePositives detected rows outside windows
 * @param falseNegatives undetected rows inside windows
 * @param trueNegatives undetected rows outside windows
 */
public record DetectionCounts(
    long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {

  /** No rows. */
  public static final DetectionCounts ZERO = new DetectionCounts(0, 0, 0, 0);

  /** Rejects negative counts. */
  public DetectionCounts {
    if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0 || trueNegatives < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }

  /**
   * @param other counts to add
   * @return the element-wise sum
   */
  public DetectionCounts plus(DetectionCounts other) {
    return new DetectionCounts(
        truePositives + other.truePositives,
        falsePositives + other.falsePositives,
        falseNegatives + other.falseNegatives,
        trueNegatives + other.trueNegatives);
  }

  /**
   * @return all scored rows
   */
  public long total() {
    return truePositives + falsePositives + falseNegatives + trueNegatives;
  }
}
