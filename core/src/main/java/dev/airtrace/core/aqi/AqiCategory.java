package dev.airtrace.core.aqi;

/** The six EPA AQI categories, with the index range and the colour EPA assigns to each. */
public enum AqiCategory {
  GOOD("Good", "green", 0, 50),
  MODERATE("Moderate", "yellow", 51, 100),
  UNHEALTHY_FOR_SENSITIVE_GROUPS("Unhealthy for Sensitive Groups", "orange", 101, 150),
  UNHEALTHY("Unhealthy", "red", 151, 200),
  VERY_UNHEALTHY("Very Unhealthy", "purple", 201, 300),
  HAZARDOUS("Hazardous", "maroon", 301, 500);

  private final String label;
  private final String colour;
  private final int low;
  private final int high;

  AqiCategory(String label, String colour, int low, int high) {
    this.label = label;
    this.colour = colour;
    this.low = low;
    this.high = high;
  }

  /** EPA's name for the category, e.g. {@code Unhealthy for Sensitive Groups}. */
  public String label() {
    return label;
  }

  /** EPA's colour name for the category, e.g. {@code orange}. */
  public String colour() {
    return colour;
  }

  /** Lowest index in this category. */
  public int low() {
    return low;
  }

  /** Highest index in this category. */
  public int high() {
    return high;
  }

  /**
   * The category of an index value.
   *
   * @throws IllegalArgumentException when {@code aqi} is outside 0..500
   */
  public static AqiCategory of(int aqi) {
    for (AqiCategory c : values()) {
      if (aqi >= c.low && aqi <= c.high) {
        return c;
      }
    }
    throw new IllegalArgumentException("AQI must be in 0..500 but was " + aqi);
  }
}
