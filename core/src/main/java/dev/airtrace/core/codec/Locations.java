package dev.airtrace.core.codec;

import dev.airtrace.core.Location;
import dev.airtrace.core.deadletter.RejectReason;

/** Builds a {@link Location} from decoded numbers, classifying impossible coordinates. */
final class Locations {
  private Locations() {}

  /**
   * @throws CodecException with {@link RejectReason#OUT_OF_RANGE} when a coordinate is outside WGS
   *     84 bounds
   */
  static Location of(double latitude, double longitude, Double altitude, String field) {
    try {
      return new Location(latitude, longitude, altitude);
    } catch (IllegalArgumentException e) {
      throw new CodecException(RejectReason.OUT_OF_RANGE, field + ": " + e.getMessage(), e);
    }
  }
}
