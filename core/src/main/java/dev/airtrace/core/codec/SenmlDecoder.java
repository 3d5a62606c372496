package dev.airtrace.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.RejectReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Decodes a SenML JSON pack (RFC 8428) into one reading per distinct resolved time; see {@code
 * docs/mqtt.md} for the rules. Stateless and thread-safe.
 */
final class SenmlDecoder {
  /** RFC 8428 §4.5.3: resolved times below 2^28 s are relative to the receiver's "now". */
  static final double RELATIVE_TIME_LIMIT_SECONDS = 1 << 28;

  /** The latest supported SenML version (RFC 8428 §4.4). */
  private static final int SENML_VERSION = 10;

  /** RFC 8428 §4.5.1: the characters a resolved name may use, starting with a letter or digit. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-:./_]*");

  /** Seconds either side of the epoch beyond which a time is not a plausible instant. */
  private static final double MAX_ABS_SECONDS = 1e13;

  private SenmlDecoder() {}

  static List<Reading> decode(
      SensorTopic topic, JsonNode root, GatewayId gateway, long receivedAtMillis, int maxReadings) {
    if (!root.isArray()) {
      throw Nodes.schema(
          "a SenML pack must be a JSON array of records but was " + Nodes.show(root));
    }
    if (root.isEmpty()) {
      throw Nodes.schema("the SenML pack is empty");
    }
    Base base = new Base();
    TreeMap<Long, Group> groups = new TreeMap<>();
    String device = null; // the resolved name prefix of record 0: names the device
    String deviceAt = null;
    for (int i = 0; i < root.size(); i++) {
      JsonNode rec = root.get(i);
      String at = "record " + i;
      if (!rec.isObject()) {
        throw Nodes.schema(at + " must be a JSON object but was " + Nodes.show(rec));
      }
      base.update(rec, at);
      Record r = resolve(rec, base, at, receivedAtMillis);
      if (device == null) {
        device = r.prefix;
        deviceAt = at;
      } else if (!device.equals(r.prefix)) {
        // One message is one device's (the topic's); a pack naming two must not be merged.
        throw Nodes.schema(
            "the pack names more than one device: "
                + deviceAt
                + " has name prefix "
                + Texts.quote(device)
                + ", "
                + at
                + " has "
                + Texts.quote(r.prefix)
                + " (bn + n); publish each device's pack on its own topic");
      }
      groups.computeIfAbsent(r.time, t -> new Group()).add(r, at);
      if (groups.size() > maxReadings) {
        throw new CodecException(
            RejectReason.PAYLOAD_TOO_LARGE,
            "the pack carries more than "
                + maxReadings
                + " readings (distinct times), the limit per message");
      }
    }
    List<Reading> readings = new ArrayList<>(groups.size());
    Map<Long, Long> timeBySequence = new HashMap<>();
    for (Map.Entry<Long, Group> e : groups.entrySet()) {
      long time = e.getKey();
      Group g = e.getValue();
      String at = "records at time " + Instant.ofEpochMilli(time);
      if (g.sequence == null) {
        throw Nodes.schema(at + " have no \"seq\" record; each time in a pack needs its own seq");
      }
      Long other = timeBySequence.put(g.sequence, time);
      if (other != null) {
        throw Nodes.schema(
            "seq "
                + g.sequence
                + " is used at two times: "
                + Instant.ofEpochMilli(other)
                + " and "
                + Instant.ofEpochMilli(time));
      }
      if (g.values.isEmpty()) {
        throw Nodes.schema(at + " carry seq " + g.sequence + " but no measurement");
      }
      readings.add(
          new Reading(
              topic.deviceId(),
              topic.siteId(),
              time,
              g.sequence,
              g.values,
              g.location(at),
              gateway,
              receivedAtMillis));
    }
    return readings;
  }

  private static Record resolve(JsonNode rec, Base base, String at, long receivedAtMillis) {
    String n = rec.has("n") ? Nodes.text(rec.get("n"), at + ".n") : "";
    String name = base.name + n;
    if (!NAME.matcher(name).matches()) {
      throw Nodes.schema(
          at
              + ": name "
              + Texts.quote(name)
              + " (bn + n) is not a valid SenML name (RFC 8428 §4.5.1)");
    }
    String local = localName(name);
    if (local.isEmpty()) {
      throw Nodes.schema(
          at + ": name " + Texts.quote(name) + " names no measurement after the prefix");
    }
    String prefix = name.substring(0, name.length() - local.length());
    at = at + " (" + Texts.quote(local) + ")";
    double t = rec.has("t") ? Nodes.number(rec.get("t"), at + ".t") : 0;
    long time = LeafBounds.eventTime(epochMillis(base.time + t, receivedAtMillis, at), at + ".t");
    String unit = rec.has("u") ? Nodes.text(rec.get("u"), at + ".u") : null;
    JsonNode v = rec.get("v");
    return new Record(local, prefix, time, unit, v, base, at);
  }

  /** The part of a resolved name after its device prefix: after the last '/' or ':'. */
  static String localName(String name) {
    int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf(':'));
    return name.substring(cut + 1);
  }

  private static long epochMillis(double seconds, long receivedAtMillis, String at) {
    if (!Double.isFinite(seconds)) {
      throw new CodecException(RejectReason.OUT_OF_RANGE, at + ": time is not finite");
    }
    if (Math.abs(seconds) > MAX_ABS_SECONDS) {
      throw Nodes.schema(
          at + ": time " + seconds + " s is not a plausible instant (bt + t, seconds since 1970)");
    }
    long millis = Math.round(seconds * 1000);
    return seconds < RELATIVE_TIME_LIMIT_SECONDS ? receivedAtMillis + millis : millis;
  }

  /** The base fields in force; each applies to its record and all later ones until replaced. */
  private static final class Base {
    String name = "";
    double time;
    String unit;
    Double value;

    void update(JsonNode rec, String at) {
      for (Iterator<String> it = rec.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (field.endsWith("_")) {
          throw Nodes.schema(
              at
                  + " uses must-understand field "
                  + Texts.quote(field)
                  + ", which airtrace does not support (RFC 8428 §4.4)");
        }
      }
      if (rec.has("bver")) {
        long version = Nodes.integer(rec.get("bver"), at + ".bver");
        if (version > SENML_VERSION) {
          throw Nodes.schema(at + ": SenML version " + version + " is not supported (max 10)");
        }
      }
      if (rec.has("bn")) {
        name = Nodes.text(rec.get("bn"), at + ".bn");
      }
      if (rec.has("bt")) {
        time = Nodes.number(rec.get("bt"), at + ".bt");
      }
      if (rec.has("bu")) {
        unit = Nodes.text(rec.get("bu"), at + ".bu");
      }
      if (rec.has("bv")) {
        value = Nodes.number(rec.get("bv"), at + ".bv");
      }
      if (rec.has("bs")) {
        Nodes.number(rec.get("bs"), at + ".bs");
      }
    }
  }

  /** One resolved record, classified by its local name. */
  private static final class Record {
    final String prefix;
    final long time;
    final Kind kind;
    final Quantity quantity;
    final long sequence;
    final double value;

    Record(String local, String prefix, long time, String unit, JsonNode v, Base base, String at) {
      this.prefix = prefix;
      this.time = time;
      this.kind = Kind.of(local);
      checkValueType(at, v);
      switch (kind) {
        case SEQUENCE -> {
          // Units are ignored for seq, so a pack-wide bu does not have to be undone for it.
          this.quantity = null;
          this.sequence = sequence(v, base.value, at);
          this.value = 0;
        }
        case LATITUDE, LONGITUDE, ALTITUDE -> {
          if (unit != null && !unit.equals(kind.unit)) {
            throw new CodecException(
                RejectReason.UNSUPPORTED_UNIT,
                at + ": unit " + Texts.quote(unit) + " must be \"" + kind.unit + "\" or absent");
          }
          this.quantity = null;
          this.sequence = 0;
          this.value = numeric(v, base.value, at);
        }
        default -> {
          this.quantity =
              QuantityNames.resolve(local)
                  .orElseThrow(
                      () ->
                          new CodecException(
                              RejectReason.UNKNOWN_QUANTITY,
                              at + ": unknown quantity " + Texts.quote(local)));
          this.sequence = 0;
          String effectiveUnit = unit != null ? unit : base.unit;
          this.value =
              UnitConversion.toCanonical(quantity, effectiveUnit, numeric(v, base.value, at), at);
        }
      }
    }

    private static void checkValueType(String at, JsonNode v) {
      if (v != null && !v.isNumber()) {
        throw Nodes.schema(at + ".v must be a number but was " + Nodes.show(v));
      }
    }

    private static double numeric(JsonNode v, Double baseValue, String at) {
      if (v == null && baseValue == null) {
        throw Nodes.schema(
            at
                + " has no numeric value (v or bv); string, boolean, data values and sums"
                + " are not measurements");
      }
      double sum =
          (v == null ? 0 : Nodes.number(v, at + ".v")) + (baseValue == null ? 0 : baseValue);
      if (!Double.isFinite(sum)) {
        throw new CodecException(RejectReason.OUT_OF_RANGE, at + ": bv + v is not finite");
      }
      return sum;
    }

    private static long sequence(JsonNode v, Double baseValue, String at) {
      long seq;
      if (baseValue == null) {
        seq = Nodes.integer(v, at + ".v");
      } else {
        double d = numeric(v, baseValue, at);
        if (d != Math.rint(d) || Math.abs(d) > 0x1p53) {
          throw Nodes.schema(at + ": seq (bv + v) must be an integer but was " + d);
        }
        seq = (long) d;
      }
      return LeafBounds.sequence(seq, at + ": seq");
    }
  }

  private enum Kind {
    SEQUENCE(null),
    LATITUDE("lat"),
    LONGITUDE("lon"),
    ALTITUDE("m"),
    MEASUREMENT(null);

    final String unit;

    Kind(String unit) {
      this.unit = unit;
    }

    static Kind of(String local) {
      return switch (local.toLowerCase(Locale.ROOT)) {
        case "seq", "sequence" -> SEQUENCE;
        case "lat", "latitude" -> LATITUDE;
        case "lon", "lng", "longitude" -> LONGITUDE;
        case "alt", "altitude" -> ALTITUDE;
        default -> MEASUREMENT;
      };
    }
  }

  /** The records that share one resolved time: one reading. */
  private static final class Group {
    Long sequence;
    final Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
    Double latitude;
    Double longitude;
    Double altitude;

    void add(Record r, String at) {
      switch (r.kind) {
        case SEQUENCE -> {
          if (sequence != null) {
            throw Nodes.schema(at + ": a second seq record for the same time");
          }
          sequence = r.sequence;
        }
        case LATITUDE -> latitude = once(latitude, r.value, at);
        case LONGITUDE -> longitude = once(longitude, r.value, at);
        case ALTITUDE -> altitude = once(altitude, r.value, at);
        case MEASUREMENT -> {
          if (values.put(r.quantity, r.value) != null) {
            throw Nodes.schema(at + ": " + r.quantity.code() + " given twice for the same time");
          }
        }
      }
    }

    private static Double once(Double previous, double value, String at) {
      if (previous != null) {
        throw Nodes.schema(at + ": given twice for the same time");
      }
      return value;
    }

    Location location(String at) {
      if (latitude == null && longitude == null && altitude == null) {
        return null;
      }
      if (latitude == null || longitude == null) {
        throw Nodes.schema(at + ": a location needs both lat and lon records");
      }
      return Locations.of(latitude, longitude, altitude, at);
    }
  }
}
