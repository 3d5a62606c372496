package dev.airtrace.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.RejectReason;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decodes the airtrace JSON sensor format (one reading per payload); see {@code docs/mqtt.md}.
 * Stateless and thread-safe.
 */
final class AirtraceJsonDecoder {
  private AirtraceJsonDecoder() {}

  static List<Reading> decode(
      SensorTopic topic, JsonNode root, GatewayId gateway, long receivedAtMillis) {
    if (!root.isObject()) {
      throw Nodes.schema("payload must be a JSON object but was " + Nodes.show(root));
    }
    checkIdentifier(root, "deviceId", topic.deviceId().value());
    checkIdentifier(root, "siteId", topic.siteId().value());
    long sequence = LeafBounds.sequence(Nodes.integer(root.get("seq"), "seq"), "seq");
    long eventTime = LeafBounds.eventTime(time(root.get("time")), "time");
    Map<Quantity, Double> values = values(root.get("values"));
    Location location = location(root.get("location"));
    return List.of(
        new Reading(
            topic.deviceId(),
            topic.siteId(),
            eventTime,
            sequence,
            values,
            location,
            gateway,
            receivedAtMillis));
  }

  private static void checkIdentifier(JsonNode root, String field, String fromTopic) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return;
    }
    String value = Nodes.text(n, field);
    if (!value.equals(fromTopic)) {
      throw new CodecException(
          RejectReason.INVALID_IDENTIFIER,
          field
              + " "
              + Texts.quote(value)
              + " in the payload contradicts "
              + Texts.quote(fromTopic)
              + " in the MQTT topic");
    }
  }

  private static long time(JsonNode n) {
    if (n != null && n.isTextual()) {
      String text = n.textValue();
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant()
            .toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw Nodes.schema(
            "time "
                + Texts.quote(text)
                + " is not an RFC 3339 date-time like 2026-11-25T08:00:00Z");
      }
    }
    if (n == null || !n.isNumber()) {
      throw Nodes.schema(
          "time must be epoch milliseconds or an RFC 3339 string but was " + Nodes.show(n));
    }
    return Nodes.integer(n, "time");
  }

  private static Map<Quantity, Double> values(JsonNode vs) {
    if (vs == null || !vs.isObject()) {
      throw Nodes.schema(
          "values must be an object of quantity -> number but was " + Nodes.show(vs));
    }
    if (vs.isEmpty()) {
      throw Nodes.schema("values is empty; a reading needs at least one value");
    }
    Map<Quantity, Double> out = new EnumMap<>(Quantity.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = vs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String field = "values[" + Texts.quote(name) + "]";
      Quantity q =
          QuantityNames.resolve(name)
              .orElseThrow(
                  () ->
                      new CodecException(
                          RejectReason.UNKNOWN_QUANTITY,
                          "values has unknown quantity "
                              + Texts.quote(name)
                              + "; known: "
                              + knownCodes()));
      double v = value(q, e.getValue(), field);
      if (out.put(q, v) != null) {
        throw Nodes.schema(
            field + " names " + q.code() + " a second time (aliases denote the same quantity)");
      }
    }
    return out;
  }

  private static double value(Quantity q, JsonNode m, String field) {
    if (m.isNumber()) {
      return UnitConversion.toCanonical(q, null, Nodes.number(m, field), field);
    }
    if (!m.isObject()) {
      throw Nodes.schema(
          field + " must be a number or {\"value\":..,\"unit\":..} but was " + Nodes.show(m));
    }
    double v = Nodes.number(m.get("value"), field + ".value");
    String unit = Nodes.text(m.get("unit"), field + ".unit");
    return UnitConversion.toCanonical(q, unit, v, field + ".unit");
  }

  private static Location location(JsonNode loc) {
    if (loc == null || loc.isNull()) {
      return null;
    }
    if (!loc.isObject()) {
      throw Nodes.schema("location must be an object but was " + Nodes.show(loc));
    }
    JsonNode alt = loc.get("altitude");
    return Locations.of(
        Nodes.number(loc.get("latitude"), "location.latitude"),
        Nodes.number(loc.get("longitude"), "location.longitude"),
        alt == null || alt.isNull() ? null : Nodes.number(alt, "location.altitude"),
        "location");
  }

  private static String knownCodes() {
    StringBuilder sb = new StringBuilder();
    for (Quantity q : Quantity.values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(q.code());
    }
    return sb.toString();
  }
}
