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

  static byte[] encode(CounterEpoch e) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("high", e.high).put("latest", e.latestMs).put("start", e.startMs);
    return StateSerdes.write(n);
  }

  static CounterEpoch decode(byte[] bytes) {
    JsonNode n = StateSerdes.read(bytes);
    return new CounterEpoch(
        n.path("high").asLong(), n.path("latest").asLong(), n.path("start").asLong());
  }
}
