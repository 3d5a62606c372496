package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.gateway.ReadingJson;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded reading together with where it came from and its original bytes, so that a reading
 * rejected after the repartition (too late for its window) still dead-letters with its original
 * Kafka coordinates and payload. Internal to the topology (repartition topic value). Immutable.
 *
 * @param reading the decoded reading
 * @param source {@code kafka:<topic>/<partition>/<offset>} of the input record
 * @param payload the input record's value bytes, exactly as consumed
 */
record SourcedReading(Reading reading, String source, byte[] payload) {
  SourcedReading {
    Objects.requireNonNull(reading, "reading");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(payload, "payload");
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
          ReadingJson.decode(payload), root.get("source").textValue(), payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("payload is not base64", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourcedReading s
        && reading.equals(s.reading)
        && source.equals(s.source)
        && Arrays.equals(payload, s.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reading, source, Arrays.hashCode(payload));
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
