package dev.airtrace.nab;

/**
 * A NAB application profile: the cost matrix that weights true positives, false negatives and false
 * positives ({@code config/profiles.json}; NAB's {@code tnWeight} is not used by scoring and is
 * therefore not kept).
 *
 * @param name profile name, e.g. {@code standard}
 * @param truePositiveWeight A_TP, the reward for detecting a window at its first row
 * @param falseNegativeWeight A_FN, the cost of a window with no detection
 * @param falsePositiveWeight A_FP, the largest cost of one detection outside all windows
 */
public record CostProfile(
    String name,
    double truePositiveWeight,
    double falseNegativeWeight,
    double falsePositiveWeight) {

  /** Name of NAB's standard profile. */
  public static final String STANDARD = "standard";

  /** Name of NAB's profile that rewards a low false-positive rate. */
  public static final String REWARD_LOW_FP = "reward_low_FP_rate";

  /** Name of NAB's profile that rewards a low false-negative rate. */
  public static final String REWARD_LOW_FN = "reward_low_FN_rate";

  /** Rejects a blank name and negative or non-finite weights. */
  public CostProfile {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("profile name must not be blank");
    }
    requireWeight(name, "tpWeight", truePositiveWeight);
    requireWeight(name, "fnWeight", falseNegativeWeight);
    requireWeight(name, "fpWeight", falsePositiveWeight);
  }

  private static void requireWeight(String profile, String field, double weight) {
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException(
          "profile " + profile + ": " + field + " must be finite and >= 0, got " + weight);
    }
  }
}
