package dev.airtrace.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Test-data builders for sensor payloads, topics and messages. */
final class TestPayloads {
  static final SiteId SITE = new SiteId("site-a");
  static final DeviceId DEVICE = new DeviceId("dev-001");
  static final GatewayId GATEWAY = new GatewayId("gw-1");
  static final SensorTopic JSON_TOPIC = new SensorTopic(SITE, DEVICE, PayloadFormat.JSON);
  static final SensorTopic SENML_TOPIC = new SensorTopic(SITE, DEVICE, PayloadFormat.SENML);

  /** 2025-11-25T08:00:00Z. */
  static final long EVENT_TIME = 1_764_057_600_000L;

  static final long RECEIVED_AT = EVENT_TIME + 1_234;

  private static final SensorPayloadDecoder DECODER = new SensorPayloadDecoder();

  private TestPayloads() {}

  /** {"seq":42,"time":EVENT_TIME,"values":{"pm2_5":12.3}}: a minimal valid JSON payload. */
  static ObjectNode validJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("seq", 42);
    root.put("time", EVENT_TIME);
    root.putObject("values").put("pm2_5", 12.3);
    return root;
  }

  /** A one-reading SenML pack: seq 42 and pm2_5 12.3 ug/m3 at EVENT_TIME. */
  static ArrayNode validSenml() {
    ArrayNode pack = Json.mapper().createArrayNode();
    pack.addObject()
        .put("bn", "dev-001/")
        .put("bt", EVENT_TIME / 1000)
        .put("n", "seq")
        .put("v", 42);
    pack.addObject().put("n", "pm2_5").put("u", "ug/m3").put("v", 12.3);
    return pack;
  }

  static ObjectNode senmlRecord(String name, String unit, double value) {
    ObjectNode r = Json.mapper().createObjectNode().put("n", name);
    if (unit != null) {
      r.put("u", unit);
    }
    return r.put("v", value);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<Reading> decodeJson(JsonNode payload) {
    return DECODER.decode(JSON_TOPIC, bytes(payload), GATEWAY, RECEIVED_AT);
  }

  static List<Reading> decodeSenml(JsonNode payload) {
    return DECODER.decode(SENML_TOPIC, bytes(payload), GATEWAY, RECEIVED_AT);
  }

  /** Builds {@link SensorMessage}s; defaults are a valid PM2.5 message at EVENT_TIME. */
  static MessageBuilder aMessage() {
    return new MessageBuilder();
  }

  static final class MessageBuilder {
    private long sequence = 42;
    private long eventTime = EVENT_TIME;
    private final Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
    private Location location;

    MessageBuilder sequence(long s) {
      this.sequence = s;
      return this;
    }

    MessageBuilder eventTime(long t) {
      this.eventTime = t;
      return this;
    }

    MessageBuilder value(Quantity q, double v) {
      values.put(q, v);
      return this;
    }

    MessageBuilder location(Location l) {
      this.location = l;
      return this;
    }

    SensorMessage build() {
      Map<Quantity, Double> vs = values.isEmpty() ? Map.of(Quantity.PM2_5, 12.3) : values;
      return new SensorMessage(sequence, eventTime, vs, location);
    }
  }
}
