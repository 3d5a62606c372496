package dev.airtrace.sink.influx;

import java.util.List;
import java.util.Set;

/**
 * How the records of one topic become points; pure configuration, no knowledge of the domain.
 *
 * @param topic the Kafka topic
 * @param measurement the InfluxDB measurement
 * @param tags values that become tags when present (plain names are looked up in the exploded entry
 *     first, then in the record; JSON pointers in the record); missing or empty ones are left out
 * @param time the epoch-millisecond timestamp of the point (required in every record)
 * @param explode optional object whose entries each become a point, the entry key as tag {@code
 *     explodeTag}; {@code null} for one point per record
 * @param explodeTag tag key for the entry key; required with {@code explode}
 * @param exclude flattened field names never written as fields
 * @param explodeFields top-level numeric fields of the record written as fields of every exploded
 *     point too (e.g. a revision counter); an entry's field of the same name wins. Empty without
 *     {@code explode}
 * @param explodeJoin top-level objects keyed like the exploded object (e.g. a reading's {@code qc}
 *     beside its {@code values}): the entry under the exploded entry's key adds its numeric leaves
 *     to that point, named {@code <object>_<leaf>} ({@code qc_flag}). Empty without {@code explode}
 * @param integers field names written as integers ({@code 4i}) instead of floats; a name ending in
 *     {@code *} matches every field that starts with the rest. A matched value that is not a whole
 *     number is a conversion error, so the field's type never changes
 */
record TopicMapping(
    String topic,
    String measurement,
    List<FieldRef> tags,
    FieldRef time,
    FieldRef explode,
    String explodeTag,
    Set<String> exclude,
    Set<String> explodeFields,
    Set<String> explodeJoin,
    Set<String> integers) {

  /** A mapping without joined objects and without integer fields. */
  TopicMapping(
      String topic,
      String measurement,
      List<FieldRef> tags,
      FieldRef time,
      FieldRef explode,
      String explodeTag,
      Set<String> exclude,
      Set<String> explodeFields) {
    this(
        topic,
        measurement,
        tags,
        time,
        explode,
        explodeTag,
        exclude,
        explodeFields,
        Set.of(),
        Set.of());
  }

  /** A mapping without record fields copied into exploded points. */
  TopicMapping(
      String topic,
      String measurement,
      List<FieldRef> tags,
      FieldRef time,
      FieldRef explode,
      String explodeTag,
      Set<String> exclude) {
    this(topic, measurement, tags, time, explode, explodeTag, exclude, Set.of());
  }

  TopicMapping {
    requireText(topic, "topic");
    requireText(measurement, "measurement");
    if (time == null) {
      throw new IllegalArgumentException("mapping for topic '" + topic + "' needs a time field");
    }
    if (explode != null && (explodeTag == null || explodeTag.isBlank())) {
      throw new IllegalArgumentException(
          "mapping for topic '"
              + topic
              + "' explodes '"
              + explode.spec()
              + "' but has no tag name");
    }
    tags = List.copyOf(tags);
    exclude = Set.copyOf(exclude);
    explodeFields = Set.copyOf(explodeFields);
    explodeJoin = Set.copyOf(explodeJoin);
    integers = Set.copyOf(integers);
    if (explode == null && !explodeFields.isEmpty()) {
      throw new IllegalArgumentException(
          "mapping for topic '" + topic + "' names explode.fields but explodes nothing");
    }
    if (explode == null && !explodeJoin.isEmpty()) {
      throw new IllegalArgumentException(
          "mapping for topic '" + topic + "' names explode.join but explodes nothing");
    }
  }

  /** Whether field {@code name} is written as an integer ({@link #integers}). */
  boolean isInteger(String name) {
    if (integers.contains(name)) {
      return true;
    }
    for (String pattern : integers) {
      if (pattern.endsWith("*") && name.startsWith(pattern.substring(0, pattern.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("mapping " + name + " must not be blank");
    }
  }
}
