package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.Json;

/**
 * A device's current sequence-counter epoch, the de-duplication's per-device state: the highest
 * sequence number and the latest event time accepted in the epoch, and the event time of the
 * counter reset that started the epoch. Readings stamped before {@code startMs} belong to earlier
 * epochs. Immutable.
 *
 * @param high highest sequence accepted in this epoch
 * @param latestMs latest event time accepted in this epoch, epoch ms
 * @param startMs event time of the reading whose counter reset started this epoch, epoch ms; {@code
 *     Long.MIN_VALUE} for the first epoch seen
 */
record CounterEpoch(long high, long latestMs, long startMs) {
  /**
   * The first epoch seen of a device, started by its first reading: it has no start, so a late
   * arrival of any age belongs to it.
   */
  static CounterEpoch first(long sequence, long eventTimeMs) {
    return new CounterEpoch(sequence, eventTimeMs, Long.MIN_VALUE);
  }

  /** The epoch that a counter reset at reading ({@code sequence}, {@code eventTimeMs}) starts. */
  static CounterEpoch startingAt(long sequence, long eventTimeMs) {
    return new CounterEpoch(sequence, eventTimeMs, eventTimeMs);
  }

  /** This epoch after accepting a reading of it. */
  CounterEpoch accept(long sequence, long eventTimeMs) {
    return new CounterEpoch(Math.max(high, sequence), Math.max(latestMs, eventTimeMs), startMs);
  }

  /** Format byte of the binary store value (see {@link BinaryState}). */
  static final int FORMAT = 0xB3;

  /** Binary (format {@value #FORMAT}): high, latest and start as three big-endian longs. */
  static byte[] encode(CounterEpoch e) {
    return new BinaryState.Writer(FORMAT, 25)
        .fixed64(e.high)
        .fixed64(e.latestMs)
        .fixed64(e.startMs)
        .toByteArray();
  }

  /** Reads {@link #encode}'s value, or the previous version's JSON {@code {"high":..,..}}. */
  static CounterEpoch decode(byte[] bytes) {
    if (BinaryState.isFormat(bytes, FORMAT)) {
      BinaryState.Reader in = new BinaryState.Reader(bytes, FORMAT);
      CounterEpoch e = new CounterEpoch(in.fixed64(), in.fixed64(), in.fixed64());
      in.end();
      return e;
    }
    JsonNode n = StateSerdes.read(bytes);
    return new CounterEpoch(
        n.path("high").asLong(), n.path("latest").asLong(), n.path("start").asLong());
  }

  /** The previous version's JSON value; kept so that tests can write what an old instance wrote. */
  static byte[] encodeJson(CounterEpoch e) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("high", e.high).put("latest", e.latestMs).put("start", e.startMs);
    return StateSerdes.write(n);
  }
}
