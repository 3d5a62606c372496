package dev.airtrace.nab;

/** NAB's scaled sigmoid σ(y) = 2/(1 + e^{5y}) − 1, clamped to −1 beyond y = 3. Stateless. */
final class ScaledSigmoid {
  /** σ(−1): the weight of a window's first row, used to scale true positives to exactly A_TP. */
  static final double MAX_TRUE_POSITIVE = apply(-1.0);

  private ScaledSigmoid() {}

  static double apply(double y) {
    if (y > 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * y)) - 1.0;
  }
}
