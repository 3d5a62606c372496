package dev.airtrace.core.aqi;

import java.util.Objects;

/**
 * The AQI of one pollutant over one averaging period.
 *
 * @param pollutant the pollutant
 * @param averaging the averaging period whose breakpoint table produced the index
 * @param concentration the truncated concentration the index was computed from, in the pollutant's
 *     canonical unit ({@link dev.airtrace.core.Quantity#unit()}; O3 in ppb, so 0.078 ppm is 78.0)
 * @param aqi the index, 0 to 500
 * @param beyondIndex whether the concentration lies above the top breakpoint ("Beyond the AQI");
 *     the index is then clamped to 500
 */
public record SubIndex(
    Pollutant pollutant, Averaging averaging, double concentration, int aqi, boolean beyondIndex) {

  public SubIndex {
    Objects.requireNonNull(pollutant, "pollutant");
    Objects.requireNonNull(averaging, "averaging");
    if (aqi < 0 || aqi > Aqi.MAX_INDEX) {
      throw new IllegalArgumentException("aqi must be in 0..500 but was " + aqi);
    }
    if (beyondIndex && aqi != Aqi.MAX_INDEX) {
      throw new IllegalArgumentException("a beyond-the-index value is clamped to 500, not " + aqi);
    }
  }

  /** The category of {@link #aqi()}. */
  public AqiCategory category() {
    return AqiCategory.of(aqi);
  }
}
