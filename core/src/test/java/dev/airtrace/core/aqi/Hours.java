package dev.airtrace.core.aqi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/** Test-data builder for hourly series; {@code null} stands for an hour without data. */
final class Hours {
  private Hours() {}

  /** Hourly averages listed most recent first (c1, c2, ...). */
  static List<OptionalDouble> mostRecentFirst(Double... values) {
    List<OptionalDouble> hours = new ArrayList<>();
    for (Double v : values) {
      hours.add(v == null ? OptionalDouble.empty() : OptionalDouble.of(v));
    }
    return hours;
  }

  /** Hourly averages listed oldest first, as EPA's slides print them. */
  static List<OptionalDouble> oldestFirst(Double... values) {
    List<OptionalDouble> hours = mostRecentFirst(values);
    Collections.reverse(hours);
    return hours;
  }

  /** {@code count} hours of {@code value} followed by {@code missing} empty hours. */
  static List<OptionalDouble> repeated(double value, int count, int missing) {
    List<OptionalDouble> hours = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hours.add(OptionalDouble.of(value));
    }
    for (int i = 0; i < missing; i++) {
      hours.add(OptionalDouble.empty());
    }
    return hours;
  }
}
