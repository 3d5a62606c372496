package dev.airtrace.topics.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.Unit;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.BackfillField;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON value of the readings topic ({@code airtrace.gateway.readings.v1}); schema in {@code
 * schemas/reading.v1.schema.json}.
 *
 * <pre>{@code
 * {"deviceId":"dev-001","siteId":"site-a","sequence":42,"eventTime":1764057600000,
 *  "gatewayId":"gw-1","receivedAt":1764057600123,
 *  "values":{"pm2_5":{"value":12.3,"unit":"ug/m3"},"temperature":{"value":21.5,"unit":"Cel"}},
 *  "location":{"latitude":52.1,"longitude":4.3,"altitude":2.0}}
 * }</pre>
 *
 * <p>Optional members: {@code corrections} (part of the reading: how the gateway derived a value,
 * e.g. PM2.5 from PurpleAir channels; see {@link Correction}), {@code batch} (the reading's place
 * in its gateway's Merkle batch), {@code anomalies} (the gateway's anomaly verdicts, an annotation
 * outside the reading and its leaf; see {@link AnomalyMark}) and {@code qc} (the gateway's QARTOD
 * flags per value, also outside the leaf; see {@link QcMark}):
 *
 * <pre>{@code
 * "corrections":{"pm2_5":{"method":"epa-barkjohn-2022","status":"applied",
 *   "inputs":{"pm2_5_cf1_a":{"value":20.1,"unit":"ug/m3"},...}}},
 * "anomalies":{"pm2_5":{"rawScore":4.2,"likelihood":0.9991,"model":"anomaly-ae@1"}},
 * "qc":{"pm2_5":{"flag":4,"tests":{"flat_line":4}},"temperature":{"flag":1}}
 * }</pre>
 *
 * Every value names its unit so that a consumer never has to guess; decoding insists that it is the
 * quantity's canonical unit. Encoding streams through Jackson's {@link JsonGenerator} (no tree per
 * reading). Stateless and thread-safe.
 */
public final class ReadingJson {
  private ReadingJson() {}

  /** Encodes a reading as UTF-8 JSON. */
  public static byte[] encode(Reading r) {
    return encode(r, null);
  }

  /**
   * Encodes a reading with its place in the accepting gateway's Merkle batch, written as {@code
   * "batch":{"seq":17,"index":3}} (omitted for {@code null}). Readers that do not know the field
   * ignore it; {@link #decode} does.
   */
  public static byte[] encode(Reading r, BatchRef batch) {
    return encode(r, batch, List.of());
  }

  /**
   * Encodes a reading with its batch place (or {@code null}) and the gateway's anomaly verdicts on
   * its values, written as {@code "anomalies":{"pm2_5":{"rawScore":..,"likelihood":..,"model":..}}}
   * (omitted when empty). Each mark's quantity must be one of the reading's values.
   */
  public static byte[] encode(Reading r, BatchRef batch, Collection<AnomalyMark> anomalies) {
    return encode(r, batch, anomalies, List.of());
  }

  /**
   * Encodes a reading with its batch place (or {@code null}), its anomaly marks and its QC flags,
   * written as {@code "qc":{"pm2_5":{"flag":4,"tests":{"flat_line":4}}}} (omitted when empty; a
   * value without an entry was not evaluated). Each mark's quantity must be one of the reading's
   * values, at most one QC mark per quantity.
   */
  public static byte[] encode(
      Reading r, BatchRef batch, Collection<AnomalyMark> anomalies, Collection<QcMark> qc) {
    // Checked before writing anything, so a bad mark throws without a half-written buffer.
    for (AnomalyMark a : anomalies) {
      if (!r.values().containsKey(a.quantity())) {
        throw new IllegalArgumentException(
            "anomaly mark for " + a.quantity().code() + " which the reading does not have");
      }
    }
    EnumSet<Quantity> flagged = EnumSet.noneOf(Quantity.class);
    for (QcMark mark : qc) {
      if (!r.values().containsKey(mark.quantity())) {
        throw new IllegalArgumentException(
            "QC mark for " + mark.quantity().code() + " which the reading does not have");
      }
      if (!flagged.add(mark.quantity())) {
        throw new IllegalArgumentException("two QC marks for " + mark.quantity().code());
      }
    }
    // Streamed straight into one buffer, no tree per reading (issue #13). The bytes are exactly
    // those the tree model wrote before (ReadingJsonStreamingTest compares them): members in the
    // same order, numbers through the same JsonGenerator.writeNumber overloads. They must stay so:
    // the readings topic contract and the Merkle leaf depend on them.
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = Json.mapper().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("deviceId", r.deviceId().value());
      g.writeStringField("siteId", r.siteId().value());
      g.writeNumberField("sequence", r.sequence());
      g.writeNumberField("eventTime", r.eventTime());
      g.writeStringField("gatewayId", r.gatewayId().value());
      g.writeNumberField("receivedAt", r.receivedAt());
      g.writeObjectFieldStart("values");
      writeMeasurements(g, r.values());
      g.writeEndObject();
      if (r.location() != null) {
        g.writeObjectFieldStart("location");
        g.writeNumberField("latitude", r.location().latitude());
        g.writeNumberField("longitude", r.location().longitude());
        if (r.location().altitude() != null) {
          g.writeNumberField("altitude", r.location().altitude().doubleValue());
        }
        g.writeEndObject();
      }
      if (!r.corrections().isEmpty()) {
        g.writeObjectFieldStart("corrections");
        for (Map.Entry<Quantity, Correction> e : r.corrections().entrySet()) {
          Correction c = e.getValue();
          g.writeObjectFieldStart(e.getKey().code());
          g.writeStringField("method", c.method());
          g.writeStringField("status", c.status().code());
          g.writeObjectFieldStart("inputs");
          writeMeasurements(g, c.inputs());
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      if (batch != null) {
        g.writeObjectFieldStart("batch");
        g.writeNumberField("seq", batch.seq());
        g.writeNumberField("index", batch.index());
        g.writeEndObject();
      }
      if (!anomalies.isEmpty()) {
        g.writeObjectFieldStart("anomalies");
        for (AnomalyMark a : lastMarkPerQuantity(anomalies)) {
          g.writeObjectFieldStart(a.quantity().code());
          g.writeNumberField("rawScore", a.rawScore());
          g.writeNumberField("likelihood", a.likelihood());
          g.writeStringField("model", a.model());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      if (!qc.isEmpty()) {
        g.writeObjectFieldStart("qc");
        for (QcMark mark : qc) {
          g.writeObjectFieldStart(mark.quantity().code());
          g.writeNumberField("flag", mark.flag().code());
          if (!mark.raisedBy().isEmpty()) {
            g.writeObjectFieldStart("tests");
            for (Map.Entry<QcTest, QcFlag> t : mark.raisedBy().entrySet()) {
              g.writeNumberField(t.getKey().code(), t.getValue().code());
            }
            g.writeEndObject();
          }
          if (mark.previousSpike() != QcFlag.NOT_EVALUATED) {
            g.writeNumberField("previousSpike", mark.previousSpike().code());
          }
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode reading " + r, e);
    }
    return out.toByteArray();
  }

  private static void writeMeasurements(JsonGenerator g, Map<Quantity, Double> values)
      throws IOException {
    for (Map.Entry<Quantity, Double> e : values.entrySet()) {
      Quantity q = e.getKey();
      g.writeObjectFieldStart(q.code());
      g.writeNumberField("value", e.getValue().doubleValue());
      g.writeStringField("unit", q.unit().symbol());
      g.writeEndObject();
    }
  }

  /**
   * The marks to write: the tree model this encoder replaced kept one member per quantity, the last
   * mark's values at the first mark's position; the same here, without a map in the common case of
   * distinct quantities.
   */
  private static Collection<AnomalyMark> lastMarkPerQuantity(Collection<AnomalyMark> anomalies) {
    if (anomalies.size() < 2) {
      return anomalies;
    }
    Map<Quantity, AnomalyMark> byQuantity = new LinkedHashMap<>();
    for (AnomalyMark a : anomalies) {
      byQuantity.put(a.quantity(), a);
    }
    return byQuantity.values();
  }

  /** Encodes a readings-topic value: the reading, its batch place, anomaly marks and QC flags. */
  public static byte[] encode(AcceptedReading r) {
    return encode(r.reading(), r.batch(), r.anomalies(), r.qc());
  }

  /**
   * Decodes a readings-topic value with its batch place, anomaly marks and QC flags.
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not a
   *     valid reading record
   */
  public static AcceptedReading decodeAccepted(byte[] bytes) {
    return new AcceptedReading(
        decode(bytes), batchRef(bytes).orElse(null), anomalies(bytes), qc(bytes));
  }

  /**
   * Decodes a readings-topic value.
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not a
   *     valid reading record
   */
  public static Reading decode(byte[] bytes) {
    return decode(parse(bytes));
  }

  /**
   * A reading and the gateway's QC flags on it, as {@link #decode} and {@link #qc} would return
   * them (same results, same errors, checked in that order), from one parse of the bytes instead of
   * two: the stream processor's input path.
   *
   * @param reading the decoded reading
   * @param qc the QC marks, empty when the record has none
   */
  public record ReadingAndQc(Reading reading, List<QcMark> qc) {}

  /**
   * Decodes a readings-topic value and its QC flags with one parse; see {@link ReadingAndQc}.
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not a
   *     valid reading record or {@code qc} is present but malformed
   */
  public static ReadingAndQc decodeWithQc(byte[] bytes) {
    JsonNode root = parse(bytes);
    Reading reading = decode(root);
    return new ReadingAndQc(reading, qc(root));
  }

  private static JsonNode parse(byte[] bytes) {
    if (bytes == null) {
      throw fail("record value is null");
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new CodecException(RejectReason.UNDECODABLE_RECORD, "not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw fail("not a JSON object");
    }
    return root;
  }

  private static Reading decode(JsonNode root) {
    try {
      BackfillField.read(root); // accepted, not part of the reading: a boolean or absent
      Map<Quantity, Double> values =
          measurements(required(root, "values", JsonNodeType.OBJECT), "values");
      Map<Quantity, Correction> corrections = corrections(root.get("corrections"));
      Location location = null;
      JsonNode loc = root.get("location");
      if (loc != null && !loc.isNull()) {
        if (!loc.isObject()) {
          throw fail("location is not an object");
        }
        JsonNode alt = loc.get("altitude");
        location =
            new Location(
                required(loc, "latitude", JsonNodeType.NUMBER).doubleValue(),
                required(loc, "longitude", JsonNodeType.NUMBER).doubleValue(),
                alt == null || alt.isNull()
                    ? null
                    : required(loc, "altitude", JsonNodeType.NUMBER).doubleValue());
      }
      return new Reading(
          new DeviceId(required(root, "deviceId", JsonNodeType.STRING).textValue()),
          new SiteId(required(root, "siteId", JsonNodeType.STRING).textValue()),
          integer(root, "eventTime"),
          integer(root, "sequence"),
          values,
          location,
          new GatewayId(required(root, "gatewayId", JsonNodeType.STRING).textValue()),
          integer(root, "receivedAt"),
          corrections);
    } catch (IllegalArgumentException e) {
      throw new CodecException(RejectReason.UNDECODABLE_RECORD, e.getMessage(), e);
    }
  }

  /** {@code {"code":{"value":..,"unit":..},..}} with canonical units only. */
  private static Map<Quantity, Double> measurements(JsonNode vs, String path) {
    Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
    for (Map.Entry<String, JsonNode> e : vs.properties()) {
      Quantity q =
          Quantity.fromCode(e.getKey())
              .orElseThrow(() -> fail("unknown quantity '" + e.getKey() + "' in " + path));
      JsonNode m = e.getValue();
      if (!m.isObject()) {
        throw fail(path + "." + e.getKey() + " is not an object");
      }
      double v = required(m, "value", JsonNodeType.NUMBER).doubleValue();
      String unit = required(m, "unit", JsonNodeType.STRING).textValue();
      if (Unit.fromSymbol(unit).orElse(null) != q.unit()) {
        throw fail(
            path
                + "."
                + q.code()
                + " has unit '"
                + unit
                + "', expected '"
                + q.unit().symbol()
                + "'");
      }
      values.put(q, v);
    }
    return values;
  }

  private static Map<Quantity, Correction> corrections(JsonNode cs) {
    if (cs == null || cs.isNull()) {
      return Map.of();
    }
    if (!cs.isObject()) {
      throw fail("corrections is not an object");
    }
    Map<Quantity, Correction> out = new EnumMap<>(Quantity.class);
    for (Map.Entry<String, JsonNode> e : cs.properties()) {
      Quantity q =
          Quantity.fromCode(e.getKey())
              .orElseThrow(() -> fail("unknown corrected quantity '" + e.getKey() + "'"));
      JsonNode c = e.getValue();
      if (!c.isObject()) {
        throw fail("corrections." + e.getKey() + " is not an object");
      }
      String status = required(c, "status", JsonNodeType.STRING).textValue();
      out.put(
          q,
          new Correction(
              required(c, "method", JsonNodeType.STRING).textValue(),
              CorrectionStatus.fromCode(status)
                  .orElseThrow(() -> fail("unknown correction status '" + status + "'")),
              measurements(
                  required(c, "inputs", JsonNodeType.OBJECT),
                  "corrections." + e.getKey() + ".inputs")));
    }
    return out;
  }

  /**
   * The gateway's anomaly verdicts on a readings-topic value ({@code "anomalies"}), empty when it
   * has none.
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not JSON
   *     or {@code anomalies} is present but malformed
   */
  public static List<AnomalyMark> anomalies(byte[] bytes) {
    JsonNode root = tree(bytes);
    JsonNode as = root.get("anomalies");
    if (as == null || as.isNull()) {
      return List.of();
    }
    if (!as.isObject()) {
      throw fail("anomalies is not an object");
    }
    List<AnomalyMark> out = new ArrayList<>();
    try {
      for (Map.Entry<String, JsonNode> e : as.properties()) {
        Quantity q =
            Quantity.fromCode(e.getKey())
                .orElseThrow(() -> fail("unknown quantity '" + e.getKey() + "' in anomalies"));
        JsonNode m = e.getValue();
        out.add(
            new AnomalyMark(
                q,
                required(m, "rawScore", JsonNodeType.NUMBER).doubleValue(),
                required(m, "likelihood", JsonNodeType.NUMBER).doubleValue(),
                required(m, "model", JsonNodeType.STRING).textValue()));
      }
    } catch (IllegalArgumentException e) {
      throw new CodecException(RejectReason.UNDECODABLE_RECORD, e.getMessage(), e);
    }
    return out;
  }

  /**
   * The gateway's QC flags on a readings-topic value ({@code "qc"}), empty when it has none (the
   * record predates QC or the gateway ran without it: every value counts as not evaluated).
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not JSON
   *     or {@code qc} is present but malformed
   */
  public static List<QcMark> qc(byte[] bytes) {
    return qc(tree(bytes));
  }

  private static List<QcMark> qc(JsonNode root) {
    JsonNode qs = root.get("qc");
    if (qs == null || qs.isNull()) {
      return List.of();
    }
    if (!qs.isObject()) {
      throw fail("qc is not an object");
    }
    List<QcMark> out = new ArrayList<>();
    try {
      for (Map.Entry<String, JsonNode> e : qs.properties()) {
        Quantity q =
            Quantity.fromCode(e.getKey())
                .orElseThrow(() -> fail("unknown quantity '" + e.getKey() + "' in qc"));
        JsonNode m = e.getValue();
        if (!m.isObject()) {
          throw fail("qc." + e.getKey() + " is not an object");
        }
        Map<QcTest, QcFlag> raised = new EnumMap<>(QcTest.class);
        JsonNode tests = m.get("tests");
        if (tests != null && !tests.isNull()) {
          if (!tests.isObject()) {
            throw fail("qc." + e.getKey() + ".tests is not an object");
          }
          for (Map.Entry<String, JsonNode> t : tests.properties()) {
            raised.put(qcTest(t.getKey()), QcFlag.ofCode((int) integer(tests, t.getKey())));
          }
        }
        QcFlag previousSpike =
            m.has("previousSpike")
                ? QcFlag.ofCode((int) integer(m, "previousSpike"))
                : QcFlag.NOT_EVALUATED;
        out.add(new QcMark(q, QcFlag.ofCode((int) integer(m, "flag")), raised, previousSpike));
      }
    } catch (IllegalArgumentException e) {
      throw new CodecException(RejectReason.UNDECODABLE_RECORD, e.getMessage(), e);
    }
    return out;
  }

  private static QcTest qcTest(String code) {
    for (QcTest t : QcTest.values()) {
      if (t.code().equals(code)) {
        return t;
      }
    }
    throw fail("unknown QC test '" + code + "'");
  }

  private static JsonNode tree(byte[] bytes) {
    JsonNode root;
    try {
      root = bytes == null ? null : Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new CodecException(RejectReason.UNDECODABLE_RECORD, "not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw fail("not a JSON object");
    }
    return root;
  }

  /**
   * The reading's place in its gateway batch, if the record carries one ({@code "batch"}).
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not JSON
   *     or {@code batch} is present but malformed
   */
  public static Optional<BatchRef> batchRef(byte[] bytes) {
    JsonNode root = tree(bytes);
    JsonNode b = root.get("batch");
    if (b == null || b.isNull()) {
      return Optional.empty();
    }
    if (!b.isObject()) {
      throw fail("batch is not an object");
    }
    try {
      return Optional.of(new BatchRef(integer(b, "seq"), integer(b, "index")));
    } catch (IllegalArgumentException e) {
      throw new CodecException(RejectReason.UNDECODABLE_RECORD, e.getMessage(), e);
    }
  }

  private static long integer(JsonNode node, String field) {
    JsonNode n = required(node, field, JsonNodeType.NUMBER);
    if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
      throw fail(field + " is not an integer");
    }
    return n.longValue();
  }

  private static JsonNode required(JsonNode node, String field, JsonNodeType type) {
    JsonNode n = node.get(field);
    if (n == null || n.getNodeType() != type) {
      throw fail(field + (n == null ? " is missing" : " is not a " + type.name().toLowerCase()));
    }
    return n;
  }

  private static CodecException fail(String message) {
    return new CodecException(RejectReason.UNDECODABLE_RECORD, message);
  }
}
