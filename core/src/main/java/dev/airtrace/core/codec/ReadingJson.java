package dev.airtrace.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.Unit;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchRef;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON value of the readings topic ({@code airtrace.gateway.readings.v1}); schema in {@code
 * docs/schemas/reading.v1.schema.json}.
 *
 * <pre>{@code
 * {"deviceId":"dev-001","siteId":"site-a","sequence":42,"eventTime":1764057600000,
 *  "gatewayId":"gw-1","receivedAt":1764057600123,
 *  "values":{"pm2_5":{"value":12.3,"unit":"ug/m3"},"temperature":{"value":21.5,"unit":"Cel"}},
 *  "location":{"latitude":52.1,"longitude":4.3,"altitude":2.0}}
 * }</pre>
 *
 * Every value names its unit so that a consumer never has to guess; decoding insists that it is the
 * quantity's canonical unit. Stateless and thread-safe.
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
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("deviceId", r.deviceId().value());
    root.put("siteId", r.siteId().value());
    root.put("sequence", r.sequence());
    root.put("eventTime", r.eventTime());
    root.put("gatewayId", r.gatewayId().value());
    root.put("receivedAt", r.receivedAt());
    ObjectNode values = root.putObject("values");
    r.values()
        .forEach(
            (q, v) -> {
              ObjectNode m = values.putObject(q.code());
              m.put("value", v);
              m.put("unit", q.unit().symbol());
            });
    if (r.location() != null) {
      ObjectNode loc = root.putObject("location");
      loc.put("latitude", r.location().latitude());
      loc.put("longitude", r.location().longitude());
      if (r.location().altitude() != null) {
        loc.put("altitude", r.location().altitude());
      }
    }
    if (batch != null) {
      ObjectNode b = root.putObject("batch");
      b.put("seq", batch.seq());
      b.put("index", batch.index());
    }
    try {
      return Json.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode reading " + r, e);
    }
  }

  /**
   * Decodes a readings-topic value.
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not a
   *     valid reading record
   */
  public static Reading decode(byte[] bytes) {
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
    try {
      Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
      JsonNode vs = required(root, "values", JsonNodeType.OBJECT);
      for (Iterator<Map.Entry<String, JsonNode>> it = vs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Quantity q =
            Quantity.fromCode(e.getKey())
                .orElseThrow(() -> fail("unknown quantity '" + e.getKey() + "'"));
        JsonNode m = e.getValue();
        if (!m.isObject()) {
          throw fail("values." + e.getKey() + " is not an object");
        }
        double v = required(m, "value", JsonNodeType.NUMBER).doubleValue();
        String unit = required(m, "unit", JsonNodeType.STRING).textValue();
        if (Unit.fromSymbol(unit).orElse(null) != q.unit()) {
          throw fail(
              "values."
                  + q.code()
                  + " has unit '"
                  + unit
                  + "', expected '"
                  + q.unit().symbol()
                  + "'");
        }
        values.put(q, v);
      }
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
          integer(root, "receivedAt"));
    } catch (IllegalArgumentException e) {
      throw new CodecException(RejectReason.UNDECODABLE_RECORD, e.getMessage(), e);
    }
  }

  /**
   * The reading's place in its gateway batch, if the record carries one ({@code "batch"}).
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not JSON
   *     or {@code batch} is present but malformed
   */
  public static Optional<BatchRef> batchRef(byte[] bytes) {
    JsonNode root;
    try {
      root = bytes == null ? null : Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new CodecException(RejectReason.UNDECODABLE_RECORD, "not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw fail("not a JSON object");
    }
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
