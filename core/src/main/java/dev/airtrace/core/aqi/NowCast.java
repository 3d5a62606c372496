package dev.airtrace.core.aqi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * EPA's NowCast for PM2.5 and PM10 (hourly reporting of the 24-hour PM index).
 *
 * <p>Input: the hourly averages of the last 12 hours, most recent first ({@code hours.get(0)} is
 * c<sub>1</sub>, the hour just ended), with {@link OptionalDouble#empty()} for an hour without
 * data. Rules (air-quality reference §4.1): valid only when at least 2 of the 3 most recent hours
 * are present; weight factor w = max(c<sub>min</sub>/c<sub>max</sub>, 0.5) over the present hours;
 * NowCast = Σ w<sup>i-1</sup>c<sub>i</sub> / Σ w<sup>i-1</sup> over the present hours, a missing
 * hour dropping out of both sums while the others keep their hours-ago exponent; when
 * c<sub>max</sub> is 0 the NowCast is 0. Hours beyond the 12th are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class NowCast {
  /** Number of hourly averages the NowCast looks at. */
  public static final int HOURS = 12;

  /** Of the {@value #RECENT_HOURS} most recent hours, this many must be present. */
  public static final int MIN_RECENT_PRESENT = 2;

  /** How many of the most recent hours the validity rule looks at. */
  public static final int RECENT_HOURS = 3;

  /** The floor of the weight factor for PM. */
  public static final double MIN_WEIGHT = 0.5;

  private NowCast() {}

  /**
   * The NowCast concentration before truncation (the official example gives 17.414...).
   *
   * @param hours hourly averages, most recent first, empty where an hour has no data
   * @return empty when fewer than 2 of the 3 most recent hours are present
   * @throws IllegalArgumentException when a present value is negative or not finite
   */
  public static OptionalDouble weightedAverage(List<OptionalDouble> hours) {
    Objects.requireNonNull(hours, "hours");
    int n = Math.min(hours.size(), HOURS);
    int recentPresent = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      OptionalDouble c = hours.get(i);
      if (c.isPresent()) {
        double v = c.getAsDouble();
        if (!Double.isFinite(v) || v < 0) {
          throw new IllegalArgumentException(
              "hourly average must be finite and >= 0 but hour " + (i + 1) + " was " + v);
        }
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (i < RECENT_HOURS) {
          recentPresent++;
        }
      }
    }
    if (recentPresent < MIN_RECENT_PRESENT) {
      return OptionalDouble.empty();
    }
    if (max == 0) {
      // w* = c_min / c_max is undefined; every present hour is 0, so the NowCast is 0.
      return OptionalDouble.of(0);
    }
    double w = Math.max(min / max, MIN_WEIGHT);
    double numerator = 0;
    double denominator = 0;
    double weight = 1; // w^(i-1) for hour i; advances for missing hours too
    for (int i = 0; i < n; i++) {
      OptionalDouble c = hours.get(i);
      if (c.isPresent()) {
        numerator += weight * c.getAsDouble();
        denominator += weight;
      }
      weight *= w;
    }
    return OptionalDouble.of(numerator / denominator);
  }

  /**
   * The NowCast truncated as EPA requires before look-up (PM2.5 to 0.1 ug/m3, PM10 to 1 ug/m3).
   *
   * @param pollutant {@link Pollutant#PM2_5} or {@link Pollutant#PM10}
   * @param hours hourly averages in ug/m3, most recent first, empty where an hour has no data
   */
  public static OptionalDouble of(Pollutant pollutant, List<OptionalDouble> hours) {
    requireParticulate(pollutant);
    OptionalDouble raw = weightedAverage(hours);
    return raw.isPresent()
        ? OptionalDouble.of(Aqi.truncate(pollutant, raw.getAsDouble()))
        : OptionalDouble.empty();
  }

  /** The NowCast sub-index ({@link Averaging#NOWCAST}, 24-hour breakpoint table). */
  public static Optional<SubIndex> subIndex(Pollutant pollutant, List<OptionalDouble> hours) {
    requireParticulate(pollutant);
    OptionalDouble raw = weightedAverage(hours);
    return raw.isPresent()
        ? Aqi.subIndex(pollutant, Averaging.NOWCAST, raw.getAsDouble())
        : Optional.empty();
  }

  private static void requireParticulate(Pollutant pollutant) {
    if (pollutant != Pollutant.PM2_5 && pollutant != Pollutant.PM10) {
      throw new IllegalArgumentException(
          "the PM NowCast covers pm2_5 and pm10, not " + pollutant.code());
    }
  }
}
