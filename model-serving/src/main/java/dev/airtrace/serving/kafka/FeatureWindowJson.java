package dev.airtrace.serving.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the value of {@code airtrace.processor.site-features.v1} (schema {@code
 * docs/schemas/site-features.v1.schema.json}, owned by the stream processor): {@code schemaVersion}
 * (1), {@code siteId}, {@code issueTime} (end of the newest hour, epoch ms), {@code hours} and
 * {@code channels}, an object of channel name → array of {@code hours} hourly values (oldest first,
 * {@code null} for a missing hour). Fields this reader does not need ({@code hourStarts}, {@code
 * units}) are ignored, so additive schema changes do not break it.
 *
 * <p>Stateless and thread-safe.
 */
public final class FeatureWindowJson {
  /** The {@code schemaVersion} this reader understands. */
  public static final int SCHEMA_VERSION = 1;

  private FeatureWindowJson() {}

  /**
   * Decodes one record.
   *
   * @throws IllegalArgumentException naming the field when the bytes are not a feature window
   */
  public static FeatureWindow decode(byte[] bytes) {
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
    if (version != null && version.asInt() != SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "unsupported \"schemaVersion\" " + version + "; this reader knows " + SCHEMA_VERSION);
    }
    JsonNode end = root.get("issueTime");
    if (end == null || !end.isIntegralNumber() || !end.canConvertToLong()) {
      throw new IllegalArgumentException("\"issueTime\" must be epoch milliseconds");
    }
    JsonNode features = root.get("channels");
    if (features == null || !features.isObject() || features.isEmpty()) {
      throw new IllegalArgumentException("\"channels\" must be a non-empty object");
    }
    JsonNode hoursNode = root.get("hours");
    int hours = hoursNode != null && hoursNode.canConvertToInt() ? hoursNode.intValue() : -1;
    Map<String, double[]> channels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode values = e.getValue();
      if (!values.isArray()) {
        throw new IllegalArgumentException("channels." + e.getKey() + " must be an array");
      }
      if (hours >= 0 && values.size() != hours) {
        throw new IllegalArgumentException(
            "channels." + e.getKey() + " has " + values.size() + " values, expected " + hours);
      }
      hours = values.size();
      double[] v = new double[hours];
      for (int i = 0; i < hours; i++) {
        JsonNode x = values.get(i);
        if (x.isNull()) {
          v[i] = Double.NaN;
        } else if (x.isNumber()) {
          v[i] = x.asDouble();
        } else {
          throw new IllegalArgumentException(
              "channels." + e.getKey() + "[" + i + "] must be a number or null");
        }
      }
      channels.put(e.getKey(), v);
    }
    return new FeatureWindow(site.asText(), end.asLong(), channels);
  }
}
