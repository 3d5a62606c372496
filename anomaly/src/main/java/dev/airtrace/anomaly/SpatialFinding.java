package dev.airtrace.anomaly;

import java.util.Objects;

/**
 * A device that disagrees with its neighbours ({@link SpatialConsistency}). Immutable.
 *
 * @param fault {@link SuspectedFault#DRIFT}, {@link SuspectedFault#LEVEL_SHIFT} or {@link
 *     SuspectedFault#STUCK}
 * @param score in {@code [0.5, 1)}: {@code 1 − 0.5 × threshold / |z|} for drift and level shift, so
 *     a stronger disagreement ranks higher; {@code 0.999} for stuck
 * @param neighbourMedian the median of the neighbours' latest values
 * @param deviation the device's median deviation from the neighbour median over the window, in the
 *     quantity's unit (signed)
 * @param z {@code deviation} in typical spreads of the neighbourhood (signed)
 * @param neighbours how many neighbours (the device not counted) the reading was compared with
 * @param modelId {@code name@version} of the method, e.g. {@code spatial@1}
 * @param evidence the numbers above in words, for an operator
 */
public record SpatialFinding(
    SuspectedFault fault,
    double score,
    double neighbourMedian,
    double deviation,
    double z,
    int neighbours,
    String modelId,
    String evidence) {

  public SpatialFinding {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(evidence, "evidence");
    if (!(score >= 0.5 && score < 1)) {
      throw new IllegalArgumentException("score must be in [0.5, 1) but was " + score);
    }
  }
}
