package dev.airtrace.topics.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of {@code airtrace.serving.forecasts.v1} (schema {@code
 * schemas/forecast.v1.schema.json}). The provenance fields ({@code persistence}, and per horizon
 * {@code source}, {@code modelPm2_5}, {@code correctedPm2_5}, {@code correction}) are optional:
 * records without them decode with a {@code null} provenance. Stateless and thread-safe.
 */
public final class ForecastJson {
  private static final long HOUR_MS = 3_600_000L;

  private ForecastJson() {}

  /** Encodes a forecast as UTF-8 JSON. */
  public static byte[] encode(Forecast f) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("siteId", f.siteId());
    root.put("issueTime", f.issueTime());
    root.put("model", f.model());
    root.put("accelerator", f.accelerator());
    ArrayNode horizons = root.putArray("horizons");
    int[] hours = f.horizonsHours();
    float[] pm = f.pm25();
    for (int i = 0; i < hours.length; i++) {
      ObjectNode h = horizons.addObject();
      h.put("hours", hours[i]);
      h.put("validTime", f.issueTime() + hours[i] * HOUR_MS);
      h.put("pm2_5", pm[i]);
      if (f.provenance() != null) {
        Forecast.HorizonProvenance hp = f.provenance().horizons().get(i);
        h.put("source", hp.source().code());
        h.put("modelPm2_5", hp.modelPm25());
        if (Double.isFinite(hp.correctedPm25())) {
          h.put("correctedPm2_5", hp.correctedPm25());
        }
        if (hp.correctionId() != null) {
          h.put("correction", hp.correctionId());
        }
      }
    }
    if (f.provenance() != null && Double.isFinite(f.provenance().persistence())) {
      root.put("persistence", f.provenance().persistence());
    }
    try {
      return Json.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode forecast", e);
    }
  }

  /**
   * Decodes a forecast (for consumers and tests).
   *
   * @throws IllegalArgumentException when the bytes are not a forecast
   */
  public static Forecast decode(byte[] bytes) {
    try {
      JsonNode n = Json.mapper().readTree(bytes);
      List<Integer> hours = new ArrayList<>();
      List<Float> values = new ArrayList<>();
      List<Forecast.HorizonProvenance> provenance = new ArrayList<>();
      for (JsonNode h : n.get("horizons")) {
        hours.add(h.get("hours").asInt());
        values.add(h.get("pm2_5").floatValue());
        if (h.hasNonNull("source")) {
          provenance.add(
              new Forecast.HorizonProvenance(
                  ForecastSource.fromCode(h.get("source").asText()),
                  h.get("modelPm2_5").floatValue(),
                  h.hasNonNull("correctedPm2_5")
                      ? h.get("correctedPm2_5").doubleValue()
                      : Double.NaN,
                  h.hasNonNull("correction") ? h.get("correction").asText() : null));
        }
      }
      if (!provenance.isEmpty() && provenance.size() != values.size()) {
        throw new IllegalArgumentException("source on some horizons but not on all");
      }
      float[] pm = new float[values.size()];
      for (int i = 0; i < pm.length; i++) {
        pm[i] = values.get(i);
      }
      return new Forecast(
          n.get("siteId").asText(),
          n.get("issueTime").asLong(),
          hours.stream().mapToInt(Integer::intValue).toArray(),
          pm,
          n.get("model").asText(),
          n.get("accelerator").asText(),
          provenance.isEmpty()
              ? null
              : new Forecast.Provenance(
                  n.hasNonNull("persistence") ? n.get("persistence").doubleValue() : Double.NaN,
                  provenance));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a forecast record: " + e, e);
    }
  }
}
