package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.aqi.AqiCategory;
import dev.airtrace.core.aqi.Averaging;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.aqi.SubIndex;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * JSON encodings of the processor's output values; the shapes are the contracts in {@code
 * docs/schemas/site-hourly.v1.schema.json}, {@code site-aqi.v1.schema.json} and {@code
 * site-features.v1.schema.json}. Stateless and thread-safe.
 */
final class OutputJson {
  private OutputJson() {}

  static byte[] encodeSiteHourly(SiteHourly h) {
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
    return write(root);
  }

  static SiteHourly decodeSiteHourly(byte[] bytes) {
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
        quantities);
  }

  /**
   * {@code {"schemaVersion":1,"siteId":..,"issueTime":..,"hours":48,"hourStarts":[..],
   * "channels":{"pm2_5":[..,null,..],..},"units":{"pm2_5":"ug/m3",..}}}: channels in {@link
   * FeatureChannel} order, {@code null} for a missing value.
   */
  static byte[] encodeSiteFeatures(SiteFeatures f) {
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
    return write(root);
  }

  static SiteFeatures decodeSiteFeatures(byte[] bytes) {
    JsonNode root = read(bytes);
    int version = root.path("schemaVersion").intValue();
    if (version != SiteFeatures.SCHEMA_VERSION) {
      throw new IllegalArgumentException("unsupported site-features schemaVersion " + version);
    }
    List<Long> starts = new ArrayList<>();
    root.get("hourStarts").forEach(n -> starts.add(n.longValue()));
    Map<FeatureChannel, List<Double>> channels = new EnumMap<>(FeatureChannel.class);
    for (Map.Entry<String, JsonNode> e : root.get("channels").properties()) {
      List<Double> values = new ArrayList<>();
      e.getValue().forEach(n -> values.add(n.isNull() ? null : n.doubleValue()));
      channels.put(code(e.getKey(), FeatureChannel::fromCode), values);
    }
    return new SiteFeatures(
        root.get("siteId").textValue(),
        root.get("issueTime").longValue(),
        root.get("hours").intValue(),
        starts,
        channels);
  }

  static byte[] encodeSiteAqi(SiteAqi a) {
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
    return write(root);
  }

  static SiteAqi decodeSiteAqi(byte[] bytes) {
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
        pollutantValues(root.get("pm24h")));
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

  private static <T> T code(String code, Function<String, java.util.Optional<T>> lookup) {
    return lookup
        .apply(code)
        .orElseThrow(() -> new IllegalArgumentException("unknown code " + code));
  }

  static JsonNode read(byte[] bytes) {
    try {
      return Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  static byte[] write(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + node, e);
    }
  }
}
