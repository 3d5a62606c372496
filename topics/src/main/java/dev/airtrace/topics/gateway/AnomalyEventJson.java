package dev.airtrace.topics.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.topics.BackfillField;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON value of {@value ModelsConfig#ANOMALIES_V1} (schema {@code
 * schemas/anomaly-event.v1.schema.json}):
 *
 * <pre>{@code
 * {"deviceId":"dev-001","siteId":"site-a","sequence":420,"quantity":"pm2_5","unit":"ug/m3",
 *  "eventTime":1764057600000,"value":187.0,"rawScore":6.1,"likelihood":0.97,
 *  "model":"anomaly-ae@1","accelerator":"ort-cpu","gatewayId":"gw-1","fault":"spike",
 *  "evidence":"previous reading 187.0 ..."}
 * }</pre>
 *
 * {@code fault} and {@code evidence} were added later and are optional when decoding (absent:
 * {@code unusual} and empty).
 *
 * <p>Stateless and thread-safe.
 */
public final class AnomalyEventJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AnomalyEventJson() {}

  /** Encodes an event as UTF-8 JSON. */
  public static byte[] encode(AnomalyEvent e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("deviceId", e.deviceId().value());
    o.put("siteId", e.siteId().value());
    o.put("sequence", e.sequence());
    o.put("quantity", e.quantity().code());
    o.put("unit", e.quantity().unit().symbol());
    o.put("eventTime", e.eventTime());
    o.put("value", e.value());
    o.put("rawScore", e.rawScore());
    o.put("likelihood", e.likelihood());
    o.put("model", e.model());
    o.put("accelerator", e.accelerator());
    o.put("gatewayId", e.gatewayId().value());
    o.put("fault", e.fault());
    o.put("evidence", e.evidence());
    try {
      return MAPPER.writeValueAsBytes(o);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot encode " + e, ex);
    }
  }

  /**
   * Decodes an event (for consumers and tests).
   *
   * @throws IllegalArgumentException when the bytes are not a valid event
   */
  public static AnomalyEvent decode(byte[] bytes) {
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    BackfillField.read(n); // accepted, not part of the event: a boolean or absent
    String code = text(n, "quantity");
    return new AnomalyEvent(
        new DeviceId(text(n, "deviceId")),
        new SiteId(text(n, "siteId")),
        n.path("sequence").asLong(-1),
        Quantity.fromCode(code)
            .orElseThrow(() -> new IllegalArgumentException("unknown quantity " + code)),
        n.path("eventTime").asLong(),
        n.path("value").asDouble(Double.NaN),
        n.path("rawScore").asDouble(Double.NaN),
        n.path("likelihood").asDouble(Double.NaN),
        text(n, "model"),
        text(n, "accelerator"),
        new GatewayId(text(n, "gatewayId")),
        n.hasNonNull("fault") ? text(n, "fault") : AnomalyEvent.UNUSUAL,
        n.hasNonNull("evidence") ? text(n, "evidence") : "");
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return v.textValue();
  }
}
