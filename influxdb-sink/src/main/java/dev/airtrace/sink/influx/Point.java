package dev.airtrace.sink.influx;

import java.util.Collections;
import java.util.Map;
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
 */
record Point(
    String measurement,
    SortedMap<String, String> tags,
    SortedMap<String, Double> fields,
    long timeMs) {

  Point {
    if (measurement == null || measurement.isBlank()) {
      throw new IllegalArgumentException("measurement must not be blank");
    }
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("a point needs at least one field");
    }
    tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags == null ? Map.of() : tags));
    fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
  }
}
