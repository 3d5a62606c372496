package dev.airtrace.processor;

import java.util.OptionalDouble;

/**
 * The unit-vector mean of compass directions: each direction θ (degrees clockwise from north)
 * contributes (sin θ, cos θ), and the mean direction is the angle of the summed vector. An
 * arithmetic mean of degrees is wrong across north (350° and 10° average to 180°, the opposite
 * direction); the vector mean gives 0°. Every reading has weight 1 (the wind speed does not weight
 * it, because a reading may carry a direction without a speed).
 *
 * <p>When the vectors cancel (e.g. exactly 90° and 270°) there is no mean direction: {@link
 * #mean(double, double, long)} is empty once the resultant's length per reading is below {@value
 * #MIN_RESULTANT}.
 *
 * <p>Stateless and thread-safe; the running sums live in {@link HourAccumulator}.
 */
final class DirectionMean {
  /** Resultant length per reading below which the directions are treated as cancelling out. */
  static final double MIN_RESULTANT = 1e-9;

  private static final double ROUNDING = 1e9;

  private DirectionMean() {}

  /** The east component of {@code degrees}. */
  static double sin(double degrees) {
    return Math.sin(Math.toRadians(degrees));
  }

  /** The north component of {@code degrees}. */
  static double cos(double degrees) {
    return Math.cos(Math.toRadians(degrees));
  }

  /**
   * The mean direction in [0, 360) of {@code count} directions whose sines sum to {@code sinSum}
   * and cosines to {@code cosSum}; empty when they cancel out or {@code count} is 0.
   */
  static OptionalDouble mean(double sinSum, double cosSum, long count) {
    if (count < 1 || Math.hypot(sinSum, cosSum) / count < MIN_RESULTANT) {
      return OptionalDouble.empty();
    }
    double degrees = Math.toDegrees(Math.atan2(sinSum, cosSum));
    // Rounded to 1e-9 degrees so that rounding noise around north (-1e-14 degrees) reads 0, not
    // 359.99999999999997; then folded into [0, 360).
    double rounded = Math.round(degrees * ROUNDING) / ROUNDING;
    double normalised = rounded < 0 ? rounded + 360 : rounded;
    return OptionalDouble.of(normalised >= 360 ? normalised - 360 : normalised);
  }
}
