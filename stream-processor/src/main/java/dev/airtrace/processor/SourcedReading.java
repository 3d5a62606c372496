package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A decoded reading together with where it came from and its original bytes, so that a reading
 * rejected after the repartition (too late for its window) still dead-letters with its original
 * Kafka coordinates and payload. Internal to the topology (repartition topic value). Immutable.
 *
 * @param reading the decoded reading
 * @param source {@code kafka:<topic>/<partition>/<offset>} of the input record
 * @param payload the input record's value bytes, exactly as consumed
 * @param failedQc the quantities whose value the gateway's QC flagged fail (QARTOD 4) in the
 *     record's {@code qc}: the hourly means leave them out (docs/quality.md)
 */
record SourcedReading(Reading reading, String source, byte[] payload, Set<Quantity> failedQc) {
  SourcedReading {
    Objects.requireNonNull(reading, "reading");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(payload, "payload");
    failedQc =
        failedQc.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(failedQc));
  }

  /** A reading none of whose values failed QC. */
  SourcedReading(Reading reading, String source, byte[] payload) {
    this(reading, source, payload, Set.of());
  }

  /** The quantities whose QC flag is fail, of a readings-topic value's {@code qc} marks. */
  static Set<Quantity> failedQc(List<QcMark> qc) {
    EnumSet<Quantity> failed = EnumSet.noneOf(Quantity.class);
    for (QcMark m : qc) {
      if (m.failed()) {
        failed.add(m.quantity());
      }
    }
    return failed;
  }

  /** {@code {"source":"kafka:...","payload":"<base64>"}}; the reading is decoded again on read. */
  static byte[] encode(SourcedReading r) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("source", r.source);
    root.put("payload", r.payload);
    return StateSerdes.write(root);
  }

  static SourcedReading decode(byte[] bytes) {
    JsonNode root = StateSerdes.read(bytes);
    try {
      byte[] payload = root.get("payload").binaryValue();
      return new SourcedReading(
          ReadingJson.decode(payload),
          root.get("source").textValue(),
          payload,
          failedQc(ReadingJson.qc(payload)));
    } catch (IOException e) {
      throw new IllegalArgumentException("payload is not base64", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourcedReading s
        && reading.equals(s.reading)
        && source.equals(s.source)
        && Arrays.equals(payload, s.payload)
        && failedQc.equals(s.failedQc);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reading, source, Arrays.hashCode(payload), failedQc);
  }

  @Override
  public String toString() {
    return "SourcedReading["
        + reading.deviceId()
        + "#"
        + reading.sequence()
        + " from "
        + source
        + "]";
  }
}
