package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.Json;

/**
 * One site-hour in the {@code site-hours-store}: the running accumulator, the revision last
 * published ({@value #NOT_PUBLISHED} before the first) and whether readings arrived since then.
 * Immutable wrapper around a mutable accumulator: {@link SiteHourlyProcessor} owns both and writes
 * the bucket back after every change; one thread.
 *
 * @param accumulator the hour's sums, counts and devices
 * @param published revision last published, {@value #NOT_PUBLISHED} when the hour was never
 * @param dirty whether the accumulator changed since that publication
 */
record HourBucket(HourAccumulator accumulator, int published, boolean dirty) {
  static final int NOT_PUBLISHED = -1;

  /** A bucket for an hour that has no reading yet. */
  static HourBucket empty() {
    return new HourBucket(new HourAccumulator(), NOT_PUBLISHED, false);
  }

  /** The revision the next publication carries. */
  int nextRevision() {
    return published + 1;
  }

  /** {@code {"acc":{...},"published":n,"dirty":true}} */
  static byte[] encode(HourBucket b) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.set("acc", b.accumulator.toJson());
    root.put("published", b.published);
    root.put("dirty", b.dirty);
    return StateSerdes.write(root);
  }

  static HourBucket decode(byte[] bytes) {
    JsonNode root = StateSerdes.read(bytes);
    return new HourBucket(
        HourAccumulator.fromJson(root.get("acc")),
        root.get("published").intValue(),
        root.get("dirty").booleanValue());
  }
}
