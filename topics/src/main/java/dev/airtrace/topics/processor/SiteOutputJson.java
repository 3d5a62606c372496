package dev.airtrace.topics.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.aqi.AqiCategory;
import dev.airtrace.core.aqi.Averaging;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.aqi.SubIndex;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * JSON codecs of the stream processor's hourly outputs; the shapes are the contracts in {@code
 * schemas/site-hourly.v1.schema.json} and {@code schemas/site-aqi.v1.schema.json} (site features:
 * {@link SiteFeaturesJson}). Stateless and thread-safe.
 */
public final class SiteOutputJson {
  private SiteOutputJson() {}

  public static byte[] encodeSiteHourly(SiteHourly h) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("siteId", h.siteId());
    root.put("windowStart", h.windowStart());
    root.put("windowEnd", h.windowEnd());
    ObjectNode quantities = root.putObject("quantities");
    h.quantities()
        .forEach(
            (q, m) -> {
              ObjectNode n = quantities.putObject(q.code());
              n.put("unit", q.unit().symbol());
              n.put("mean", m.mean());
              n.put("count", m.count());
              n.put("devices", m.devices());
            });
    root.put("revision", h.revision());
    if (!h.excluded().isEmpty()) {
      ObjectNode excluded = root.putObject("excluded");
      h.excluded().forEach((q, n) -> excluded.put(q.code(), n));
    }
    return write(root);
  }

  public static SiteHourly decodeSiteHourly(byte[] bytes) {
    JsonNode root = read(bytes);
    Map<Quantity, SiteHourly.QuantityMean> quantities = new EnumMap<>(Quantity.class);
    for (Map.Entry<String, JsonNode> e : root.get("quantities").properties()) {
      JsonNode n = e.getValue();
      quantities.put(
          code(e.getKey(), Quantity::fromCode),
          new SiteHourly.QuantityMean(
              n.get("mean").doubleValue(),
              n.get("count").longValue(),
              n.get("devices").intValue()));
    }
    return new SiteHourly(
        root.get("siteId").textValue(),
        root.get("windowStart").longValue(),
        root.get("windowEnd").longValue(),
        quantities,
        revision(root),
        excluded(root));
  }

  /** The record's {@code excluded} counts; none when absent (records written before QC). */
  private static Map<Quantity, Long> excluded(JsonNode root) {
    JsonNode n = root.get("excluded");
    if (n == null || n.isNull()) {
      return Map.of();
    }
    Map<Quantity, Long> out = new EnumMap<>(Quantity.class);
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!e.getValue().isIntegralNumber()) {
        throw new IllegalArgumentException("\"excluded\" counts must be integers");
      }
      out.put(code(e.getKey(), Quantity::fromCode), e.getValue().longValue());
    }
    return out;
  }

  public static byte[] encodeSiteAqi(SiteAqi a) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("siteId", a.siteId());
    root.put("hourStart", a.hourStart());
    root.put("time", a.time());
    root.put("aqi", a.aqi());
    root.put("category", a.category().label());
    root.put("colour", a.category().colour());
    root.put("dominant", a.dominant().code());
    root.put("beyondIndex", a.beyondIndex());
    ObjectNode subIndices = root.putObject("subIndices");
    a.subIndices()
        .forEach(
            (p, s) -> {
              ObjectNode n = subIndices.putObject(p.code());
              n.put("aqi", s.aqi());
              n.put("concentration", s.concentration());
              n.put("unit", p.quantity().unit().symbol());
              n.put("averaging", s.averaging().code());
              n.put("category", s.category().label());
              n.put("beyondIndex", s.beyondIndex());
            });
    ObjectNode nowcast = root.putObject("nowcast");
    a.nowcast().forEach((p, v) -> nowcast.put(p.code(), v));
    ObjectNode pm24h = root.putObject("pm24h");
    a.pm24h().forEach((p, v) -> pm24h.put(p.code(), v));
    root.put("revision", a.revision());
    return write(root);
  }

  public static SiteAqi decodeSiteAqi(byte[] bytes) {
    JsonNode root = read(bytes);
    Map<Pollutant, SubIndex> subIndices = new EnumMap<>(Pollutant.class);
    for (Map.Entry<String, JsonNode> e : root.get("subIndices").properties()) {
      Pollutant p = code(e.getKey(), Pollutant::fromCode);
      JsonNode n = e.getValue();
      subIndices.put(
          p,
          new SubIndex(
              p,
              code(n.get("averaging").textValue(), Averaging::fromCode),
              n.get("concentration").doubleValue(),
              n.get("aqi").intValue(),
              n.get("beyondIndex").booleanValue()));
    }
    int aqi = root.get("aqi").intValue();
    return new SiteAqi(
        root.get("siteId").textValue(),
        root.get("hourStart").longValue(),
        root.get("time").longValue(),
        aqi,
        category(root.get("category").textValue()),
        code(root.get("dominant").textValue(), Pollutant::fromCode),
        root.get("beyondIndex").booleanValue(),
        subIndices,
        pollutantValues(root.get("nowcast")),
        pollutantValues(root.get("pm24h")),
        revision(root));
  }

  /**
   * The record's {@code revision}; 0 when absent (records written before revisions existed).
   *
   * @throws IllegalArgumentException when present but not a non-negative int
   */
  static int revision(JsonNode root) {
    JsonNode n = root.get("revision");
    if (n == null || n.isNull()) {
      return 0;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
      throw new IllegalArgumentException("\"revision\" must be a non-negative integer");
    }
    return n.intValue();
  }

  private static Map<Pollutant, Double> pollutantValues(JsonNode node) {
    Map<Pollutant, Double> values = new EnumMap<>(Pollutant.class);
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      values.put(code(e.getKey(), Pollutant::fromCode), e.getValue().doubleValue());
    }
    return values;
  }

  private static AqiCategory category(String label) {
    return Arrays.stream(AqiCategory.values())
        .filter(c -> c.label().equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown AQI category '" + label + "'"));
  }

  static <T> T code(String code, Function<String, java.util.Optional<T>> lookup) {
    return lookup
        .apply(code)
        .orElseThrow(() -> new IllegalArgumentException("unknown code " + code));
  }

  private static JsonNode read(byte[] bytes) {
    try {
      return Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] write(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + node, e);
    }
  }
}
