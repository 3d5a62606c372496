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

  /** Format byte of the binary store value (see {@link BinaryState}). */
  static final int FORMAT = 0xB2;

  /** Binary (format {@value #FORMAT}): published revision + 1, dirty flag, accumulator. */
  static byte[] encode(HourBucket b) {
    BinaryState.Writer w =
        new BinaryState.Writer(FORMAT, 256).varint(b.published + 1L).bool(b.dirty);
    b.accumulator.writeTo(w);
    return w.toByteArray();
  }

  /**
   * Reads the binary value of {@link #encode}, or the JSON value of the previous version ({@code
   * {"acc":{...},"published":n,"dirty":true}}) that a store or its changelog may still hold.
   */
  static HourBucket decode(byte[] bytes) {
    if (!BinaryState.isFormat(bytes, FORMAT)) {
      return decodeJson(bytes);
    }
    BinaryState.Reader in = new BinaryState.Reader(bytes, FORMAT);
    int published = (int) in.varint() - 1;
    boolean dirty = in.bool();
    HourAccumulator acc = HourAccumulator.readFrom(in);
    in.end();
    return new HourBucket(acc, published, dirty);
  }

  /** The previous version's JSON value; kept so that tests can write what an old instance wrote. */
  static byte[] encodeJson(HourBucket b) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.set("acc", b.accumulator.toJson());
    root.put("published", b.published);
    root.put("dirty", b.dirty);
    return StateSerdes.write(root);
  }

  private static HourBucket decodeJson(byte[] bytes) {
    JsonNode root = StateSerdes.read(bytes);
    return new HourBucket(
        HourAccumulator.fromJson(root.get("acc")),
        root.get("published").intValue(),
        root.get("dirty").booleanValue());
  }
}
