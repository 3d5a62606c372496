package dev.airtrace.sink.influx;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One InfluxDB point: measurement, tags, float fields and a millisecond timestamp. Measurement, tag
 * set and time identify a point, so writing the same point twice stores it once.
 *
 * @param measurement non-blank measurement name
 * @param tags tag keys to non-empty values, sorted by key (InfluxDB's preferred order)
 * @param fields at least one field; every value finite
 * @param timeMs epoch milliseconds
 * @param integers the fields written as integers ({@code 4i}); each holds a whole number
 */
record Point(
    String measurement,
    SortedMap<String, String> tags,
    SortedMap<String, Double> fields,
    long timeMs,
    Set<String> integers) {

  /** A point whose fields are all floats. */
  Point(
      String measurement,
      SortedMap<String, String> tags,
      SortedMap<String, Double> fields,
      long timeMs) {
    this(measurement, tags, fields, timeMs, Set.of());
  }

  Point {
    if (measurement == null || measurement.isBlank()) {
      throw new IllegalArgumentException("measurement must not be blank");
    }
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("a point needs at least one field");
    }
    tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags == null ? Map.of() : tags));
    fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    integers = Set.copyOf(integers);
    for (String name : integers) {
      Double v = fields.get(name);
      if (v == null || v != Math.rint(v) || Math.abs(v) > 9.0e15) {
        throw new IllegalArgumentException("integer field '" + name + "' is " + v);
      }
    }
  }
}
