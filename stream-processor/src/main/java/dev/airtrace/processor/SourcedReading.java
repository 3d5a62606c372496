package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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

  /** Format byte of the binary repartition value (see {@link BinaryState}). */
  static final int FORMAT = 0xB1;

  /**
   * The repartition value, binary (format {@value #FORMAT}): source, original bytes, the QC-failed
   * quantities and the decoded reading, so that the reading is decoded from JSON once, at the
   * source, and never re-encoded or re-parsed between the stages.
   */
  static byte[] encode(SourcedReading r) {
    Reading reading = r.reading;
    BinaryState.Writer w =
        new BinaryState.Writer(FORMAT, 96 + r.source.length() + r.payload.length * 2)
            .string(r.source)
            .bytes(r.payload)
            .varint(r.failedQc.size());
    r.failedQc.forEach(w::quantity);
    w.string(reading.deviceId().value())
        .string(reading.siteId().value())
        .fixed64(reading.eventTime())
        .varint(reading.sequence())
        .string(reading.gatewayId().value())
        .fixed64(reading.receivedAt());
    values(w, reading.values());
    Location loc = reading.location();
    if (loc == null) {
      w.varint(0);
    } else {
      w.varint(loc.altitude() == null ? 1 : 2).float64(loc.latitude()).float64(loc.longitude());
      if (loc.altitude() != null) {
        w.float64(loc.altitude());
      }
    }
    w.varint(reading.corrections().size());
    reading
        .corrections()
        .forEach(
            (q, c) -> {
              w.quantity(q).string(c.method()).string(c.status().code());
              values(w, c.inputs());
            });
    return w.toByteArray();
  }

  private static void values(BinaryState.Writer w, Map<Quantity, Double> values) {
    w.varint(values.size());
    values.forEach((q, v) -> w.quantity(q).float64(v));
  }

  private static Map<Quantity, Double> values(BinaryState.Reader in) {
    int n = in.count();
    Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
    for (int i = 0; i < n; i++) {
      values.put(in.quantity(), in.float64());
    }
    return values;
  }

  /**
   * Reads the binary value of {@link #encode}, or the JSON value of the previous version ({@code
   * {"source":"kafka:...","payload":"<base64>"}}, the reading decoded again from the payload) that
   * a repartition topic may still hold right after an upgrade.
   */
  static SourcedReading decode(byte[] bytes) {
    if (!BinaryState.isFormat(bytes, FORMAT)) {
      return decodeJson(bytes);
    }
    BinaryState.Reader in = new BinaryState.Reader(bytes, FORMAT);
    String source = in.string();
    byte[] payload = in.bytes();
    int failed = in.count();
    Set<Quantity> failedQc = failed == 0 ? Set.of() : EnumSet.noneOf(Quantity.class);
    for (int i = 0; i < failed; i++) {
      failedQc.add(in.quantity());
    }
    DeviceId device = new DeviceId(in.string());
    SiteId site = new SiteId(in.string());
    long eventTime = in.fixed64();
    long sequence = in.varint();
    GatewayId gateway = new GatewayId(in.string());
    long receivedAt = in.fixed64();
    Map<Quantity, Double> values = values(in);
    Location location =
        switch ((int) in.varint()) {
          case 0 -> null;
          case 1 -> new Location(in.float64(), in.float64(), null);
          case 2 -> new Location(in.float64(), in.float64(), in.float64());
          default -> throw new IllegalArgumentException("bad location tag");
        };
    int nc = in.count();
    Map<Quantity, Correction> corrections = nc == 0 ? Map.of() : new EnumMap<>(Quantity.class);
    for (int i = 0; i < nc; i++) {
      Quantity q = in.quantity();
      String method = in.string();
      String status = in.string();
      corrections.put(
          q,
          new Correction(
              method,
              CorrectionStatus.fromCode(status)
                  .orElseThrow(() -> new IllegalArgumentException("unknown status " + status)),
              values(in)));
    }
    in.end();
    Reading reading =
        new Reading(
            device, site, eventTime, sequence, values, location, gateway, receivedAt, corrections);
    return new SourcedReading(reading, source, payload, failedQc);
  }

  private static SourcedReading decodeJson(byte[] bytes) {
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

  /** The previous version's JSON value; kept so that tests can write what an old instance wrote. */
  static byte[] encodeJson(SourcedReading r) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("source", r.source);
    root.put("payload", r.payload);
    return StateSerdes.write(root);
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
