package dev.airtrace.anomaly;

/** Gaussian tail probabilities, accurate in relative terms far into the tail (to 1e-300). */
final class TailProbability {
  private TailProbability() {}

  /** P(Z > z) for a standard normal Z. */
  static double upper(double z) {
    return 0.5 * erfc(z / Math.sqrt(2.0));
  }

  /**
   * Complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere (the
   * classic W. J. Cody-style rational form; written from the published coefficients).
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double poly =
        -z * z
            - 1.26551223
            + t
                * (1.00002368
                    + t
                        * (0.37409196
                            + t
                                * (0.09678418
                                    + t
                                        * (-0.18628806
                                            + t
                                                * (0.27886807
                                                    + t
                                                        * (-1.13520398
                                                            + t
                                                                * (1.48851587
                                                                    + t
                                                                        * (-0.82215223
                                                                            + t
                                                                                * 0.17087277))))))));
    double r = t * Math.exp(poly);
    return x >= 0 ? r : 2.0 - r;
  }
}
