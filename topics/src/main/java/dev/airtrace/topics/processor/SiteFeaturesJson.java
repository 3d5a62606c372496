package dev.airtrace.topics.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code airtrace.processor.site-features.v1} (schema {@code
 * schemas/site-features.v1.schema.json}), written by the stream processor and read by the
 * forecaster:
 *
 * <pre>{@code
 * {"schemaVersion":1,"siteId":..,"issueTime":..,"hours":48,"hourStarts":[..],
 *  "channels":{"pm2_5":[..,null,..],..},"units":{"pm2_5":"ug/m3",..}}
 * }</pre>
 *
 * Channels are written in {@link FeatureChannel} order with {@code null} for a missing value;
 * readers select them by name. Decoding checks every member it uses and names the one that is
 * wrong; members it does not use ({@code units}) and unknown members are ignored, so additive
 * schema changes do not break it. Stateless and thread-safe.
 */
public final class SiteFeaturesJson {
  /** The {@code schemaVersion} written and understood. */
  public static final int SCHEMA_VERSION = SiteFeatures.SCHEMA_VERSION;

  private SiteFeaturesJson() {}

  /** Encodes a feature window as UTF-8 JSON. */
  public static byte[] encode(SiteFeatures f) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("schemaVersion", SiteFeatures.SCHEMA_VERSION);
    root.put("siteId", f.siteId());
    root.put("issueTime", f.issueTime());
    root.put("hours", f.hours());
    ArrayNode starts = root.putArray("hourStarts");
    f.hourStarts().forEach(starts::add);
    ObjectNode channels = root.putObject("channels");
    ObjectNode units = root.putObject("units");
    f.channels()
        .forEach(
            (c, values) -> {
              ArrayNode a = channels.putArray(c.code());
              for (Double v : values) {
                if (v == null) {
                  a.addNull();
                } else {
                  a.add(v.doubleValue());
                }
              }
              units.put(c.code(), c.unit());
            });
    root.put("revision", f.revision());
    try {
      return Json.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + root, e);
    }
  }

  /**
   * Decodes one record.
   *
   * @throws IllegalArgumentException naming the member when the bytes are not a site feature window
   */
  public static SiteFeatures decode(byte[] bytes) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode site = root.get("siteId");
    if (site == null || !site.isTextual() || site.asText().isBlank()) {
      throw new IllegalArgumentException("\"siteId\" must be a non-empty string");
    }
    JsonNode version = root.get("schemaVersion");
    if (version == null || !version.canConvertToInt() || version.intValue() != SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "unsupported \"schemaVersion\" " + version + "; this reader knows " + SCHEMA_VERSION);
    }
    long issueTime = integer(root, "issueTime");
    JsonNode hoursNode = root.get("hours");
    if (hoursNode == null || !hoursNode.isIntegralNumber() || !hoursNode.canConvertToInt()) {
      throw new IllegalArgumentException("\"hours\" must be an integer");
    }
    int hours = hoursNode.intValue();
    JsonNode startsNode = root.get("hourStarts");
    if (startsNode == null || !startsNode.isArray()) {
      throw new IllegalArgumentException("\"hourStarts\" must be an array");
    }
    List<Long> starts = new ArrayList<>(startsNode.size());
    for (JsonNode n : startsNode) {
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw new IllegalArgumentException("\"hourStarts\" must hold epoch milliseconds");
      }
      starts.add(n.longValue());
    }
    JsonNode features = root.get("channels");
    if (features == null || !features.isObject() || features.isEmpty()) {
      throw new IllegalArgumentException("\"channels\" must be a non-empty object");
    }
    Map<FeatureChannel, List<Double>> channels = new EnumMap<>(FeatureChannel.class);
    for (Map.Entry<String, JsonNode> e : features.properties()) {
      FeatureChannel channel =
          FeatureChannel.fromCode(e.getKey())
              .orElseThrow(
                  () -> new IllegalArgumentException("unknown channel \"" + e.getKey() + "\""));
      JsonNode values = e.getValue();
      if (!values.isArray()) {
        throw new IllegalArgumentException("channels." + e.getKey() + " must be an array");
      }
      if (values.size() != hours) {
        throw new IllegalArgumentException(
            "channels." + e.getKey() + " has " + values.size() + " values, expected " + hours);
      }
      List<Double> v = new ArrayList<>(hours);
      for (int i = 0; i < hours; i++) {
        JsonNode x = values.get(i);
        if (x.isNull()) {
          v.add(null);
        } else if (x.isNumber()) {
          v.add(x.doubleValue());
        } else {
          throw new IllegalArgumentException(
              "channels." + e.getKey() + "[" + i + "] must be a number or null");
        }
      }
      channels.put(channel, v);
    }
    return new SiteFeatures(
        site.asText(), issueTime, hours, starts, channels, SiteOutputJson.revision(root));
  }

  private static long integer(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException("\"" + field + "\" must be epoch milliseconds");
    }
    return n.longValue();
  }
}
