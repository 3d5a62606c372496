package dev.airtrace.core.aqi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A multi-hour average ending with the most recent hour, valid only when enough hours are present
 * (EPA's 75 % completeness rule): 6 of 8 hours for 8-hour O3 and CO, 18 of 24 hours for 24-hour PM
 * and SO2. The average is the mean of the present hours; missing hours are never counted as zero.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hours how many hours the average spans
 * @param minPresent how many of them must have data
 */
public record TrailingAverage(int hours, int minPresent) {
  /** 8-hour average (O3, CO): at least 6 of the 8 hours. */
  public static final TrailingAverage EIGHT_HOUR = new TrailingAverage(8, 6);

  /** 24-hour average (PM2.5, PM10, SO2): at least 18 of the 24 hours. */
  public static final TrailingAverage TWENTY_FOUR_HOUR = new TrailingAverage(24, 18);

  public TrailingAverage {
    if (hours < 1 || minPresent < 1 || minPresent > hours) {
      throw new IllegalArgumentException(
          "need 1 <= minPresent <= hours but got " + minPresent + " of " + hours);
    }
  }

  /**
   * The average of the first {@link #hours()} entries.
   *
   * @param hoursMostRecentFirst hourly averages, most recent first, empty where an hour has no
   *     data; entries beyond {@link #hours()} are ignored and a shorter list counts as missing
   *     hours
   * @return the mean of the present hours, or empty when fewer than {@link #minPresent()} are
   *     present
   */
  public OptionalDouble of(List<OptionalDouble> hoursMostRecentFirst) {
    Objects.requireNonNull(hoursMostRecentFirst, "hoursMostRecentFirst");
    int n = Math.min(hoursMostRecentFirst.size(), hours);
    BigDecimal sum = BigDecimal.ZERO;
    int present = 0;
    for (int i = 0; i < n; i++) {
      OptionalDouble c = hoursMostRecentFirst.get(i);
      if (c.isPresent()) {
        if (!Double.isFinite(c.getAsDouble())) {
          throw new IllegalArgumentException("hour " + (i + 1) + " is not finite");
        }
        // Decimal sum: the mean of 9.1 and 9.1 stays exactly 9.1 for truncation.
        sum = sum.add(BigDecimal.valueOf(c.getAsDouble()));
        present++;
      }
    }
    if (present < minPresent) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(
        sum.divide(BigDecimal.valueOf(present), MathContext.DECIMAL128).doubleValue());
  }
}
