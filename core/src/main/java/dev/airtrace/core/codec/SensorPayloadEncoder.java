package dev.airtrace.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Location;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Encodes a {@link SensorMessage} the way a sensor publishes it, in either payload format (see
 * {@code docs/mqtt.md}). Values are written in their quantity's canonical unit and quantities under
 * their canonical codes, so {@link SensorPayloadDecoder} reads back exactly the same message.
 *
 * <p>Used by tests and the simulator; real sensors are free to use aliases and other units.
 * Stateless and thread-safe.
 */
public final class SensorPayloadEncoder {
  private SensorPayloadEncoder() {}

  /**
   * The message in airtrace JSON sensor format, UTF-8:
   *
   * <pre>{@code
   * {"seq":42,"time":1764057600000,"values":{"pm2_5":12.3,"temperature":21.5},
   *  "location":{"latitude":52.1,"longitude":4.3,"altitude":2.0}}
   * }</pre>
   */
  public static byte[] json(SensorMessage m) {
    Objects.requireNonNull(m, "message");
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("seq", m.sequence());
    root.put("time", m.eventTime());
    ObjectNode values = root.putObject("values");
    m.values().forEach((q, v) -> values.put(q.code(), v));
    Location loc = m.location();
    if (loc != null) {
      ObjectNode l = root.putObject("location");
      l.put("latitude", loc.latitude());
      l.put("longitude", loc.longitude());
      if (loc.altitude() != null) {
        l.put("altitude", loc.altitude());
      }
    }
    return write(root);
  }

  /**
   * The message as a SenML JSON pack (RFC 8428), UTF-8: base name {@code <device>/}, base time in
   * seconds with millisecond precision, a {@code seq} record, one record per value with its
   * canonical unit symbol, and {@code lat}/{@code lon}/{@code alt} records for the location.
   *
   * <pre>{@code
   * [{"bn":"dev-001/","bt":1764057600.000,"n":"seq","v":42},
   *  {"n":"pm2_5","u":"ug/m3","v":12.3},{"n":"temperature","u":"Cel","v":21.5},
   *  {"n":"lat","u":"lat","v":52.1},{"n":"lon","u":"lon","v":4.3},{"n":"alt","u":"m","v":2.0}]
   * }</pre>
   *
   * @throws IllegalArgumentException when the event time lies before 1978-07-04T21:24:16Z (2^28 s),
   *     which SenML would read as a time relative to the receiver's clock
   */
  public static byte[] senml(DeviceId device, SensorMessage m) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(m, "message");
    if (m.eventTime() < (long) SenmlDecoder.RELATIVE_TIME_LIMIT_SECONDS * 1000) {
      throw new IllegalArgumentException(
          "SenML cannot carry absolute event time " + m.eventTime() + " ms (before 2^28 s)");
    }
    ArrayNode pack = Json.mapper().createArrayNode();
    ObjectNode first = pack.addObject();
    first.put("bn", device.value() + "/");
    first.put("bt", BigDecimal.valueOf(m.eventTime(), 3));
    first.put("n", "seq");
    first.put("v", m.sequence());
    m.values()
        .forEach(
            (q, v) -> {
              ObjectNode r = pack.addObject();
              r.put("n", q.code());
              r.put("u", q.unit().symbol());
              r.put("v", v);
            });
    Location loc = m.location();
    if (loc != null) {
      pack.add(record("lat", "lat", loc.latitude()));
      pack.add(record("lon", "lon", loc.longitude()));
      if (loc.altitude() != null) {
        pack.add(record("alt", "m", loc.altitude()));
      }
    }
    return write(pack);
  }

  private static ObjectNode record(String name, String unit, double value) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("n", name);
    r.put("u", unit);
    r.put("v", value);
    return r;
  }

  private static byte[] write(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode sensor payload", e);
    }
  }
}
