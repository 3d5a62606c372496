package dev.airtrace.quality;

/**
 * A closed range of values, in the quantity's canonical unit ({@code min <= max}, both finite).
 *
 * @param min lowest value inside
 * @param max highest value inside
 */
public record Span(double min, double max) {
  public Span {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new IllegalArgumentException(
          "span needs finite min <= max but was " + min + ".." + max);
    }
  }

  /** Whether {@code value} lies inside, ends included. */
  public boolean contains(double value) {
    return value >= min && value <= max;
  }

  /** Whether {@code other} lies entirely inside this span. */
  public boolean encloses(Span other) {
    return other.min >= min && other.max <= max;
  }
}
