package dev.airtrace.nab;

/**
 * The NAB scoring constants that are not part of a cost profile.
 *
 * <p>The probationary period of a file with n rows is {@code min(floor(fraction * n), fraction *
 * capRows)}; rows before it are neither scored nor counted, because a streaming detector is still
 * learning there.
 *
 * @param probationaryFraction fraction of each file treated as probation, in [0, 1)
 * @param probationaryCapRows the file length at which the probationary period stops growing
 */
public record ScoringRules(double probationaryFraction, int probationaryCapRows) {

  /** NAB's probationary fraction (15 % of each file). */
  public static final double DEFAULT_PROBATIONARY_FRACTION = 0.15;

  /** NAB caps the probationary period at 15 % of 5000 rows (750 rows). */
  public static final int DEFAULT_PROBATIONARY_CAP_ROWS = 5000;

  /** The rules of the published NAB scoreboard. */
  public static final ScoringRules NAB =
      new ScoringRules(DEFAULT_PROBATIONARY_FRACTION, DEFAULT_PROBATIONARY_CAP_ROWS);

  /** No probationary period: every row is scored (NAB's own unit tests use this). */
  public static final ScoringRules NO_PROBATION = new ScoringRules(0.0, 0);

  /** Rejects fractions outside [0, 1) and negative caps. */
  public ScoringRules {
    if (!(probationaryFraction >= 0 && probationaryFraction < 1)) {
      throw new IllegalArgumentException(
          "probationaryFraction must be in [0, 1), got " + probationaryFraction);
    }
    if (probationaryCapRows < 0) {
      throw new IllegalArgumentException(
          "probationaryCapRows must be >= 0, got " + probationaryCapRows);
    }
  }

  /**
   * @param rows number of rows in a file
   * @return index of the first scored row (rows {@code i < P} are ignored, hence the ceiling for a
   *     fractional cap)
   */
  public int probationaryRows(int rows) {
    double byLength = Math.floor(probationaryFraction * rows);
    double cap = probationaryFraction * probationaryCapRows;
    return (int) Math.ceil(Math.min(byLength, cap));
  }
}
