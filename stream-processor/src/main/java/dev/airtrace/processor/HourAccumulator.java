package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.processor.SiteHourly;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The running state of one site-hour: per quantity the decimal sum, the count and the devices that
 * contributed. Sums are decimal so that a mean of decimal readings is exact before EPA truncation
 * (three readings of 9.1 average to 9.1, not 9.099999999999998).
 *
 * <p>Wind direction is a circular quantity: its hourly mean is the unit-vector mean ({@link
 * DirectionMean}) of the summed sines and cosines, not {@code sum / count} (which averages 350° and
 * 10° to 180°). An hour whose directions cancel out exactly has no wind direction mean.
 *
 * <p>Values the gateway's QC flagged fail (QARTOD 4) are left out of the sums and only counted
 * ({@code excluded}), so the hourly means, and the NowCast, AQI and feature windows built from
 * them, never average a value known to be wrong (docs/quality.md).
 *
 * <p>Mutable; owned by the windowed aggregate, one instance per aggregation step, not thread-safe.
 */
final class HourAccumulator {
  /**
   * The circular quantity, looked up by code so that this class does not depend on the core
   * defining it; empty while it does not.
   */
  static final Optional<Quantity> WIND_DIRECTION = Quantity.fromCode("wind_direction");

  private final Map<Quantity, Sum> sums = new EnumMap<>(Quantity.class);

  private static final class Sum {
    BigDecimal total = BigDecimal.ZERO;
    long count;
    long excluded; // values flagged QC fail, left out of the mean
    // Unit-vector components, used for the circular quantity only.
    double sin;
    double cos;
    final SortedSet<String> devices = new TreeSet<>();
  }

  private static boolean isCircular(Quantity q) {
    return WIND_DIRECTION.isPresent() && WIND_DIRECTION.get() == q;
  }

  /** Adds every value of a reading; returns this accumulator. */
  HourAccumulator add(Reading r) {
    return add(r, Set.of());
  }

  /**
   * Adds every value of a reading except those of {@code failedQc} (flagged QC fail by the
   * gateway), which are only counted as excluded; returns this accumulator.
   */
  HourAccumulator add(Reading r, Set<Quantity> failedQc) {
    r.values()
        .forEach(
            (q, v) -> {
              Sum s = sums.computeIfAbsent(q, k -> new Sum());
              if (failedQc.contains(q)) {
                s.excluded++;
                return;
              }
              s.total = s.total.add(BigDecimal.valueOf(v));
              s.count++;
              if (isCircular(q)) {
                s.sin += DirectionMean.sin(v);
                s.cos += DirectionMean.cos(v);
              }
              s.devices.add(r.deviceId().value());
            });
    return this;
  }

  /** The closed hour's means. */
  SiteHourly toSiteHourly(String siteId, long windowStart, long windowEnd) {
    Map<Quantity, SiteHourly.QuantityMean> means = new EnumMap<>(Quantity.class);
    Map<Quantity, Long> excluded = new EnumMap<>(Quantity.class);
    sums.forEach(
        (q, s) -> {
          if (s.excluded > 0) {
            excluded.put(q, s.excluded);
          }
          if (s.count == 0) {
            return; // every value failed QC: no mean
          }
          if (isCircular(q)) {
            DirectionMean.mean(s.sin, s.cos, s.count)
                .ifPresent(
                    m -> means.put(q, new SiteHourly.QuantityMean(m, s.count, s.devices.size())));
          } else {
            means.put(
                q,
                new SiteHourly.QuantityMean(
                    s.total
                        .divide(BigDecimal.valueOf(s.count), MathContext.DECIMAL128)
                        .doubleValue(),
                    s.count,
                    s.devices.size()));
          }
        });
    return new SiteHourly(siteId, windowStart, windowEnd, means, 0, excluded);
  }

  /**
   * {@code {"pm2_5":{"sum":"123.4","count":10,"devices":["d1","d2"]},...}}; the circular quantity
   * also carries {@code "sin"} and {@code "cos"}, a quantity with QC-failed values {@code
   * "excluded"}.
   */
  static byte[] encode(HourAccumulator a) {
    return StateSerdes.write(a.toJson());
  }

  static HourAccumulator decode(byte[] bytes) {
    return fromJson(StateSerdes.read(bytes));
  }

  /** The JSON of {@link #encode}, as a tree (embedded in the hour buckets' state). */
  ObjectNode toJson() {
    HourAccumulator a = this;
    ObjectNode root = Json.mapper().createObjectNode();
    a.sums.forEach(
        (q, s) -> {
          ObjectNode n = root.putObject(q.code());
          n.put("sum", s.total.toString());
          n.put("count", s.count);
          if (s.excluded > 0) {
            n.put("excluded", s.excluded);
          }
          if (isCircular(q)) {
            n.put("sin", s.sin);
            n.put("cos", s.cos);
          }
          ArrayNode devices = n.putArray("devices");
          s.devices.forEach(devices::add);
        });
    return root;
  }

  /**
   * Appends the binary form (see {@link BinaryState}): per quantity its code, the decimal sum as
   * scale and unscaled two's-complement bytes, count, excluded count, for the circular quantity the
   * sine and cosine sums, and the sorted device ids.
   */
  void writeTo(BinaryState.Writer w) {
    w.varint(sums.size());
    sums.forEach(
        (q, s) -> {
          w.quantity(q)
              .varint(zigzag(s.total.scale()))
              .bytes(s.total.unscaledValue().toByteArray())
              .varint(s.count)
              .varint(s.excluded);
          if (isCircular(q)) {
            w.float64(s.sin).float64(s.cos);
          }
          w.varint(s.devices.size());
          s.devices.forEach(w::string);
        });
  }

  /** Reads what {@link #writeTo} wrote. */
  static HourAccumulator readFrom(BinaryState.Reader in) {
    HourAccumulator a = new HourAccumulator();
    int n = in.count();
    for (int i = 0; i < n; i++) {
      Quantity q = in.quantity();
      Sum s = new Sum();
      int scale = (int) unzigzag(in.varint());
      s.total = new BigDecimal(new BigInteger(in.bytes()), scale);
      s.count = in.varint();
      s.excluded = in.varint();
      if (isCircular(q)) {
        s.sin = in.float64();
        s.cos = in.float64();
      }
      int devices = in.count();
      for (int d = 0; d < devices; d++) {
        s.devices.add(in.string());
      }
      a.sums.put(q, s);
    }
    return a;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** Reads the tree written by {@link #toJson()}. */
  static HourAccumulator fromJson(JsonNode json) {
    HourAccumulator a = new HourAccumulator();
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      Quantity q =
          Quantity.fromCode(e.getKey())
              .orElseThrow(() -> new IllegalArgumentException("unknown quantity " + e.getKey()));
      Sum s = new Sum();
      s.total = new BigDecimal(e.getValue().get("sum").textValue());
      s.count = e.getValue().get("count").longValue();
      s.excluded = e.getValue().path("excluded").asLong(0); // absent in state before QC
      if (isCircular(q)) {
        s.sin = e.getValue().path("sin").doubleValue();
        s.cos = e.getValue().path("cos").doubleValue();
      }
      e.getValue().get("devices").forEach(d -> s.devices.add(d.textValue()));
      a.sums.put(q, s);
    }
    return a;
  }
}
