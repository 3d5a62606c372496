package dev.airtrace.quality;

/**
 * Spike test limits (QARTOD "spike test"): reading {@code V(n-1)} is judged against the reference
 * {@code (V(n-2) + V(n)) / 2}; a distance from it above {@code suspect} is suspect, above {@code
 * fail} is fail. Units are the quantity's canonical unit.
 *
 * @param suspect {@code > 0}
 * @param fail {@code >= suspect}
 */
public record SpikeLimits(double suspect, double fail) {
  public SpikeLimits {
    if (!(suspect > 0) || !(fail >= suspect) || Double.isInfinite(fail)) {
      throw new IllegalArgumentException(
          "spike limits need 0 < suspect <= fail < inf but were " + suspect + ", " + fail);
    }
  }

  /**
   * The test of the middle of three consecutive readings.
   *
   * @param before {@code V(n-2)}
   * @param tested {@code V(n-1)}
   * @param after {@code V(n)}
   */
  public QcFlag test(double before, double tested, double after) {
    double spike = Math.abs(tested - (before + after) / 2);
    if (spike > fail) {
      return QcFlag.FAIL;
    }
    return spike > suspect ? QcFlag.SUSPECT : QcFlag.PASS;
  }
}
