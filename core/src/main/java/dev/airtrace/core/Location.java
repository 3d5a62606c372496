package dev.airtrace.core;

/**
 * Where a device stands (WGS 84).
 *
 * @param latitude degrees, -90 to 90
 * @param longitude degrees, -180 to 180
 * @param altitude metres above mean sea level, or {@code null} when unknown
 */
public record Location(double latitude, double longitude, Double altitude) {
  public Location {
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude must be in [-90, 90] but was " + latitude);
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude must be in [-180, 180] but was " + longitude);
    }
    if (altitude != null && !Double.isFinite(altitude)) {
      throw new IllegalArgumentException("altitude must be finite but was " + altitude);
    }
  }
}
