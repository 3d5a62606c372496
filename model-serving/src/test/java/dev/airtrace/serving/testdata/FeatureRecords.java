package dev.airtrace.serving.testdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code airtrace.processor.site-features.v1} values the way the stream processor writes
 * them (schema docs/schemas/site-features.v1.schema.json) from model rows {@code [48, 8]}.
 */
public final class FeatureRecords {
  /** The stand-in forecaster's channel order (its sidecar's features.channels). */
  public static final List<String> CHANNELS =
      List.of(
          "pm2_5",
          "pm10",
          "temperature",
          "relative_humidity",
          "dew_point",
          "pressure",
          "wind_speed",
          "wind_direction");

  private static final Map<String, String> UNITS =
      Map.of(
          "pm2_5", "ug/m3",
          "pm10", "ug/m3",
          "temperature", "Cel",
          "relative_humidity", "%RH",
          "dew_point", "Cel",
          "pressure", "hPa",
          "wind_speed", "m/s",
          "wind_direction", "deg");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HOUR = 3_600_000L;

  private FeatureRecords() {}

  /**
   * A window for {@code siteId} ending at {@code issueTime} holding {@code row} ({@code [48, 8]}
   * row-major in {@link #CHANNELS} order; NaN → null). Channels are written in reverse order, so a
   * reader that relies on field order instead of names fails.
   */
  public static byte[] window(String siteId, long issueTime, float[] row) {
    int hours = row.length / CHANNELS.size();
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 1);
    root.put("siteId", siteId);
    root.put("issueTime", issueTime);
    root.put("hours", hours);
    ArrayNode starts = root.putArray("hourStarts");
    for (int h = 0; h < hours; h++) {
      starts.add(issueTime - (hours - h) * HOUR);
    }
    ObjectNode channels = root.putObject("channels");
    ObjectNode units = root.putObject("units");
    for (int c = CHANNELS.size() - 1; c >= 0; c--) {
      String name = CHANNELS.get(c);
      ArrayNode a = channels.putArray(name);
      for (int h = 0; h < hours; h++) {
        float v = row[h * CHANNELS.size() + c];
        if (Float.isNaN(v)) {
          a.addNull();
        } else {
          a.add((double) v);
        }
      }
      units.put(name, UNITS.get(name));
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }
}
