package dev.airtrace.topics.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.serving.ForecastSource;
import java.io.IOException;

/**
 * JSON codecs of the forecast verification topics: {@link ForecastVerification} (schema {@code
 * schemas/forecast-verification.v1.schema.json}) and {@link ForecastSkill} (schema {@code
 * schemas/forecast-skill.v1.schema.json}). Values that are not known (NaN) are left out. Derived
 * values (errors, skills) are written for readers such as InfluxDB and ignored on decode. Stateless
 * and thread-safe.
 */
public final class VerificationJson {
  private VerificationJson() {}

  /** Encodes a verification as UTF-8 JSON. */
  public static byte[] encodeVerification(ForecastVerification v) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("siteId", v.siteId());
    root.put("model", v.model());
    root.put("issueTime", v.issueTime());
    root.put("hours", v.hours());
    root.put("validTime", v.validTime());
    root.put("forecast", v.forecast());
    root.put("source", v.source().code());
    root.put("modelPm2_5", v.modelPm25());
    putFinite(root, "correctedPm2_5", v.correctedPm25());
    putFinite(root, "persistence", v.persistence());
    root.put("observed", v.observed());
    root.put("observedRevision", v.observedRevision());
    root.put("error", v.error());
    root.put("absError", v.absError());
    putFinite(root, "persistenceError", v.persistenceError());
    putFinite(root, "persistenceAbsError", Math.abs(v.persistenceError()));
    return write(root);
  }

  /**
   * Decodes a verification.
   *
   * @throws IllegalArgumentException when the bytes are not one
   */
  public static ForecastVerification decodeVerification(byte[] bytes) {
    try {
      JsonNode n = Json.mapper().readTree(bytes);
      return new ForecastVerification(
          n.get("siteId").textValue(),
          n.get("model").textValue(),
          n.get("issueTime").longValue(),
          n.get("hours").intValue(),
          n.get("validTime").longValue(),
          n.get("forecast").floatValue(),
          ForecastSource.fromCode(n.get("source").textValue()),
          n.get("modelPm2_5").floatValue(),
          optional(n, "correctedPm2_5"),
          optional(n, "persistence"),
          n.get("observed").doubleValue(),
          n.get("observedRevision").intValue());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a forecast verification record: " + e, e);
    }
  }

  /** Encodes a skill record as UTF-8 JSON. */
  public static byte[] encodeSkill(ForecastSkill s) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("siteId", s.siteId());
    root.put("hours", s.hours());
    root.put("model", s.model());
    root.put("windowEnd", s.windowEnd());
    root.put("windowHours", s.windowHours());
    root.put("count", s.count());
    root.put("rmse", s.rmse());
    root.put("mae", s.mae());
    root.put("bias", s.bias());
    root.put("modelRmse", s.modelRmse());
    root.put("correctedRmse", s.correctedRmse());
    root.put("persistenceRmse", s.persistenceRmse());
    root.put("persistenceMae", s.persistenceMae());
    putFinite(root, "skill", s.skill());
    putFinite(root, "modelSkill", s.modelSkill());
    putFinite(root, "correctedSkill", s.correctedSkill());
    ObjectNode c = root.putObject("correction");
    c.put("id", s.correctionId());
    c.put("offset", s.correction().offset());
    c.put("scale", s.correction().scale());
    c.put("forgetting", s.correction().forgetting());
    c.put("updates", s.correction().updates());
    root.put("decision", s.decision().code());
    return write(root);
  }

  /**
   * Decodes a skill record.
   *
   * @throws IllegalArgumentException when the bytes are not one
   */
  public static ForecastSkill decodeSkill(byte[] bytes) {
    try {
      JsonNode n = Json.mapper().readTree(bytes);
      JsonNode c = n.get("correction");
      return new ForecastSkill(
          n.get("siteId").textValue(),
          n.get("hours").intValue(),
          n.get("model").textValue(),
          n.get("windowEnd").longValue(),
          n.get("windowHours").intValue(),
          n.get("count").intValue(),
          n.get("rmse").doubleValue(),
          n.get("mae").doubleValue(),
          n.get("bias").doubleValue(),
          n.get("modelRmse").doubleValue(),
          n.get("correctedRmse").doubleValue(),
          n.get("persistenceRmse").doubleValue(),
          n.get("persistenceMae").doubleValue(),
          new ForecastCorrection(
              c.get("offset").doubleValue(),
              c.get("scale").doubleValue(),
              c.get("forgetting").doubleValue(),
              c.get("updates").longValue()),
          ForecastSource.fromCode(n.get("decision").textValue()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a forecast skill record: " + e, e);
    }
  }

  private static void putFinite(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    }
  }

  private static double optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Double.NaN : v.doubleValue();
  }

  private static byte[] write(ObjectNode root) {
    try {
      return Json.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode", e);
    }
  }
}
