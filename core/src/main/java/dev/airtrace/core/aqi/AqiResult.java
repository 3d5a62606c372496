package dev.airtrace.core.aqi;

import java.util.List;
import java.util.Objects;

/**
 * The overall AQI: the largest sub-index, and all the sub-indices it was chosen from.
 *
 * @param dominant the sub-index that sets the AQI (EPA's "responsible pollutant")
 * @param subIndices every sub-index considered, in {@link Pollutant} order, dominant included
 */
public record AqiResult(SubIndex dominant, List<SubIndex> subIndices) {
  public AqiResult {
    Objects.requireNonNull(dominant, "dominant");
    subIndices = List.copyOf(subIndices);
    if (!subIndices.contains(dominant)) {
      throw new IllegalArgumentException("dominant sub-index must be one of subIndices");
    }
  }

  /** The overall index, 0 to 500. */
  public int aqi() {
    return dominant.aqi();
  }

  /** The category of the overall index. */
  public AqiCategory category() {
    return dominant.category();
  }

  /** The pollutant responsible for the overall index. */
  public Pollutant dominantPollutant() {
    return dominant.pollutant();
  }

  /** Whether the responsible pollutant is beyond the AQI (the index is then clamped to 500). */
  public boolean beyondIndex() {
    return dominant.beyondIndex();
  }
}
