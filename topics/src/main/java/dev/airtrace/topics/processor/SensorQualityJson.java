package dev.airtrace.topics.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON value of {@code airtrace.processor.sensor-quality.v1} (schema {@code
 * schemas/sensor-quality.v1.schema.json}):
 *
 * <pre>{@code
 * {"deviceId":"d4","siteId":"site-a","quantity":"pm2_5","windowStart":..,"windowEnd":..,
 *  "received":6,"expected":8,"suspect":1,"fail":1,"anomalies":1,
 *  "completeness":0.75,"suspectShare":0.1667,"failShare":0.1667,"anomalyRate":0.1667,
 *  "neighbourDeviation":2.698,"score":31.53}
 * }</pre>
 *
 * The shares are written for readers (dashboards) and recomputed from the counts on decode; {@code
 * neighbourDeviation} is absent when the site had too few neighbours. Stateless and thread-safe.
 */
public final class SensorQualityJson {
  private SensorQualityJson() {}

  /** Encodes a score as UTF-8 JSON. */
  public static byte[] encode(SensorQuality s) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("deviceId", s.deviceId().value());
    root.put("siteId", s.siteId().value());
    root.put("quantity", s.quantity().code());
    root.put("windowStart", s.windowStart());
    root.put("windowEnd", s.windowEnd());
    root.put("received", s.received());
    root.put("expected", s.expected());
    root.put("suspect", s.suspect());
    root.put("fail", s.fail());
    root.put("anomalies", s.anomalies());
    root.put("completeness", s.completeness());
    root.put("suspectShare", s.suspectShare());
    root.put("failShare", s.failShare());
    root.put("anomalyRate", s.anomalyRate());
    if (s.neighbourDeviation() != null) {
      root.put("neighbourDeviation", s.neighbourDeviation());
    }
    root.put("score", s.score());
    try {
      return Json.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + s, e);
    }
  }

  /**
   * Decodes a score.
   *
   * @throws IllegalArgumentException when the bytes are not a valid record
   */
  public static SensorQuality decode(byte[] bytes) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String code = text(root, "quantity");
    JsonNode nd = root.get("neighbourDeviation");
    return new SensorQuality(
        new DeviceId(text(root, "deviceId")),
        new SiteId(text(root, "siteId")),
        Quantity.fromCode(code)
            .orElseThrow(() -> new IllegalArgumentException("unknown quantity " + code)),
        integer(root, "windowStart"),
        integer(root, "windowEnd"),
        integer(root, "received"),
        integer(root, "expected"),
        integer(root, "suspect"),
        integer(root, "fail"),
        integer(root, "anomalies"),
        nd == null || nd.isNull() ? null : nd.doubleValue(),
        number(root, "score"));
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return n.textValue();
  }

  private static long integer(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException(field + " is missing or not an integer");
    }
    return n.longValue();
  }

  private static double number(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isNumber()) {
      throw new IllegalArgumentException(field + " is missing or not a number");
    }
    return n.doubleValue();
  }
}
