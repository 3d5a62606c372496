package dev.airtrace.core.aqi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * EPA AQI (2024 revision): truncation, breakpoint look-up, the AQI equation with half-up rounding,
 * and the overall index with its responsible pollutant.
 *
 * <p>Rules, see {@code docs/aqi.md}: concentrations are truncated (never rounded) to EPA's step
 * before look-up; values above the top breakpoint of a table that reaches 500 are "Beyond the AQI"
 * and clamped to 500 with {@link SubIndex#beyondIndex()} set; a table that stops below 500 (8-hour
 * O3, 1-hour SO2) defines nothing above its last row, and neither do values below the first row
 * (1-hour O3 under 0.125 ppm).
 *
 * <p>Stateless and thread-safe.
 */
public final class Aqi {
  /** The top of the index. */
  public static final int MAX_INDEX = 500;

  /**
   * Decimal places a concentration is rounded to before it is truncated, to strip binary
   * floating-point error: the mean of 9.1, 9.1 and 9.1 is 9.099999999999998 as a double and must
   * still truncate to 9.1. Nine places is far below any sensor's resolution.
   */
  static final int NOISE_SCALE = 9;

  /**
   * The index 1-hour SO2 reports when it is above the 1-hour table (EPA: 1-hour SO2 stops at 200).
   */
  static final int SO2_ONE_HOUR_CAP = 200;

  private Aqi() {}

  /**
   * The sub-index of one concentration.
   *
   * @param pollutant the pollutant
   * @param averaging the averaging period the concentration was computed over; PM2.5 and PM10 take
   *     {@link Averaging#NOWCAST} or {@link Averaging#HOURS_24}, O3 {@link Averaging#HOURS_8} or
   *     {@link Averaging#HOUR_1}, CO {@link Averaging#HOURS_8}, NO2 {@link Averaging#HOUR_1}, SO2
   *     {@link Averaging#HOUR_1} (0-304 ppb) or {@link Averaging#HOURS_24} (305 ppb and above)
   * @param concentration the average, in the pollutant's canonical unit (O3, NO2, SO2 in ppb; CO in
   *     ppm; PM in ug/m3), not yet truncated
   * @return the sub-index, or empty where EPA's table for this averaging period defines none
   * @throws IllegalArgumentException when EPA has no table for this pollutant and averaging period,
   *     or the concentration is negative or not finite
   */
  public static Optional<SubIndex> subIndex(
      Pollutant pollutant, Averaging averaging, double concentration) {
    BreakpointTable table =
        BreakpointTable.of(pollutant, averaging)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "EPA defines no " + averaging.code() + " AQI for " + pollutant.code()));
    BigDecimal truncated = truncateInTableUnit(pollutant, concentration);
    double reported = toCanonicalUnit(pollutant, truncated);
    BreakpointTable.Lookup lookup = table.lookup(truncated);
    if (lookup instanceof BreakpointTable.InRow inRow) {
      return Optional.of(
          new SubIndex(pollutant, averaging, reported, inRow.row().index(truncated), false));
    }
    if (lookup instanceof BreakpointTable.AboveTable above && above.beyondIndex()) {
      return Optional.of(new SubIndex(pollutant, averaging, reported, MAX_INDEX, true));
    }
    return Optional.empty();
  }

  /**
   * The O3 sub-index from the 8-hour and the 1-hour average, whichever is larger (EPA: O3 is
   * reported from 8-hour values; 8-hour values define no index of 301 or more; where the 1-hour
   * index is also computed, report the larger). On a tie the 8-hour index is reported.
   *
   * @param eightHourPpb the 8-hour average in ppb, if complete enough
   * @param oneHourPpb the 1-hour average in ppb, if present
   */
  public static Optional<SubIndex> ozone(OptionalDouble eightHourPpb, OptionalDouble oneHourPpb) {
    List<SubIndex> candidates = new ArrayList<>(2);
    eightHourPpb.ifPresent(
        v -> subIndex(Pollutant.O3, Averaging.HOURS_8, v).ifPresent(candidates::add));
    oneHourPpb.ifPresent(
        v -> subIndex(Pollutant.O3, Averaging.HOUR_1, v).ifPresent(candidates::add));
    return largest(candidates);
  }

  /**
   * The SO2 sub-index from the 1-hour and the 24-hour average. EPA: 1-hour SO2 defines the AQI only
   * up to 200 (304 ppb); AQI values above 200 come from 24-hour SO2. Airtrace reports the largest
   * of: the 1-hour index when the 1-hour value is at most 304 ppb; 200 when the 1-hour value is 305
   * ppb or more (it is at least the top of what the 1-hour scale defines); the 24-hour index when
   * the 24-hour value is 305 ppb or more. On a tie the 1-hour index is reported.
   *
   * @param oneHourPpb the 1-hour average in ppb, if present
   * @param twentyFourHourPpb the 24-hour average in ppb, if complete enough
   */
  public static Optional<SubIndex> sulphurDioxide(
      OptionalDouble oneHourPpb, OptionalDouble twentyFourHourPpb) {
    List<SubIndex> candidates = new ArrayList<>(2);
    if (oneHourPpb.isPresent()) {
      double v = oneHourPpb.getAsDouble();
      candidates.add(
          subIndex(Pollutant.SO2, Averaging.HOUR_1, v)
              .orElseGet(
                  () ->
                      new SubIndex(
                          Pollutant.SO2,
                          Averaging.HOUR_1,
                          truncate(Pollutant.SO2, v),
                          SO2_ONE_HOUR_CAP,
                          false)));
    }
    twentyFourHourPpb.ifPresent(
        v -> subIndex(Pollutant.SO2, Averaging.HOURS_24, v).ifPresent(candidates::add));
    return largest(candidates);
  }

  /**
   * The overall AQI: the largest sub-index. When two pollutants tie, the one declared first in
   * {@link Pollutant} is responsible (PM2.5 before PM10 before O3 ...), so the result is
   * deterministic.
   *
   * @return empty when there is no sub-index at all
   */
  public static Optional<AqiResult> overall(Collection<SubIndex> subIndices) {
    List<SubIndex> sorted = new ArrayList<>(subIndices);
    sorted.sort(Comparator.comparing(SubIndex::pollutant));
    return largest(sorted).map(dominant -> new AqiResult(dominant, sorted));
  }

  /**
   * Truncates a concentration the way EPA does before look-up (PM2.5 to 0.1 ug/m3, PM10 to 1 ug/m3,
   * O3 to 0.001 ppm = 1 ppb, CO to 0.1 ppm, SO2 and NO2 to 1 ppb).
   *
   * @param concentration in the pollutant's canonical unit
   * @return the truncated value, in the pollutant's canonical unit
   */
  public static double truncate(Pollutant pollutant, double concentration) {
    return toCanonicalUnit(pollutant, truncateInTableUnit(pollutant, concentration));
  }

  /** Truncation step in the table's unit, as a number of decimal places. */
  private static int truncationScale(Pollutant pollutant) {
    return switch (pollutant) {
      case PM2_5, CO -> 1;
      case PM10, SO2, NO2 -> 0;
      case O3 -> 3;
    };
  }

  static BigDecimal truncateInTableUnit(Pollutant pollutant, double concentration) {
    if (!Double.isFinite(concentration) || concentration < 0) {
      throw new IllegalArgumentException(
          pollutant.code() + " concentration must be finite and >= 0 but was " + concentration);
    }
    BigDecimal value =
        BigDecimal.valueOf(concentration).setScale(NOISE_SCALE, RoundingMode.HALF_UP);
    // Our O3 is in ppb, EPA's O3 tables in ppm; the other units already match EPA's tables.
    BigDecimal inTableUnit = pollutant == Pollutant.O3 ? value.movePointLeft(3) : value;
    return inTableUnit.setScale(truncationScale(pollutant), RoundingMode.DOWN);
  }

  private static double toCanonicalUnit(Pollutant pollutant, BigDecimal inTableUnit) {
    return (pollutant == Pollutant.O3 ? inTableUnit.movePointRight(3) : inTableUnit).doubleValue();
  }

  /** The sub-index with the largest AQI; on a tie the one met first. */
  private static Optional<SubIndex> largest(List<SubIndex> candidates) {
    SubIndex best = null;
    for (SubIndex s : candidates) {
      if (best == null || s.aqi() > best.aqi()) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
  }
}
