package dev.airtrace.topics.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.topics.BackfillField;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON value of {@code airtrace.gateway.aggregates-1m.v1}; schema in {@code
 * schemas/aggregate-1m.v1.schema.json}.
 *
 * <pre>{@code
 * {"deviceId":"d1","siteId":"s1","gatewayId":"gw1","windowStart":1764057600000,
 *  "windowEnd":1764057660000,
 *  "quantities":{"pm2_5":{"unit":"ug/m3","count":6,"min":1.0,"max":3.0,"mean":2.0,"last":2.5}}}
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class AggregateJson {
  private AggregateJson() {}

  /** Encodes an aggregate as UTF-8 JSON. */
  public static byte[] encode(DeviceAggregate a) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("deviceId", a.deviceId().value());
    root.put("siteId", a.siteId().value());
    root.put("gatewayId", a.gatewayId().value());
    root.put("windowStart", a.windowStart());
    root.put("windowEnd", a.windowEnd());
    ObjectNode quantities = root.putObject("quantities");
    a.quantities()
        .forEach(
            (q, s) -> {
              ObjectNode n = quantities.putObject(q.code());
              n.put("unit", q.unit().symbol());
              n.put("count", s.count());
              n.put("min", s.min());
              n.put("max", s.max());
              n.put("mean", s.mean());
              n.put("last", s.last());
            });
    try {
      return Json.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode aggregate " + a, e);
    }
  }

  /**
   * Decodes an aggregates-topic value.
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not a
   *     valid aggregate
   */
  public static DeviceAggregate decode(byte[] bytes) {
    try {
      JsonNode root = Json.mapper().readTree(bytes);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      BackfillField.read(root); // accepted, not part of the aggregate: a boolean or absent
      Map<Quantity, QuantityStats> quantities = new EnumMap<>(Quantity.class);
      for (Iterator<Map.Entry<String, JsonNode>> it = required(root, "quantities").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Quantity q =
            Quantity.fromCode(e.getKey())
                .orElseThrow(() -> new IllegalArgumentException("unknown quantity " + e.getKey()));
        JsonNode n = e.getValue();
        if (!q.unit().symbol().equals(required(n, "unit").textValue())) {
          throw new IllegalArgumentException(q.code() + " is not in " + q.unit().symbol());
        }
        quantities.put(
            q,
            new QuantityStats(
                required(n, "count").longValue(),
                required(n, "min").doubleValue(),
                required(n, "max").doubleValue(),
                required(n, "mean").doubleValue(),
                required(n, "last").doubleValue()));
      }
      return new DeviceAggregate(
          new DeviceId(required(root, "deviceId").textValue()),
          new SiteId(required(root, "siteId").textValue()),
          new GatewayId(required(root, "gatewayId").textValue()),
          required(root, "windowStart").longValue(),
          required(root, "windowEnd").longValue(),
          quantities);
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          RejectReason.UNDECODABLE_RECORD, "not an aggregate record: " + e.getMessage(), e);
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return n;
  }
}
