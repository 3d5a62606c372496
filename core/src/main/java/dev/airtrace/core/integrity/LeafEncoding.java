package dev.airtrace.core.integrity;

import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.erdtman.jcs.NumberToJSON;

/**
 * The canonical leaf bytes of a {@link Reading}: RFC 8785 (JCS) of the fixed record
 *
 * <pre>{@code
 * {"deviceId":"dev-1","eventTime":1764057600000,"gatewayId":"gw-1",
 *  "location":{"altitude":"12","latitude":"52.1","longitude":"4.3"},
 *  "sequence":42,"siteId":"site-a","v":1,
 *  "values":{"pm2_5":{"unit":"ug/m3","value":"12.3"}}}
 * }</pre>
 *
 * <p>Rules (the reasons are in {@code docs/integrity.md}):
 *
 * <ul>
 *   <li>Every measured number (values, coordinates, altitude) is a JSON <em>string</em> holding the
 *       shortest decimal that reads back as the same double ({@link #decimal(double)}), never a
 *       binary float, so a reader in any language rebuilds the bytes without a float printer.
 *   <li>{@code eventTime} and {@code sequence} are JSON integers, limited to {@code +-(2^53-1)}
 *       because JCS numbers are doubles.
 *   <li>{@code receivedAt} is excluded: it is the gateway's clock at arrival, so a redelivered copy
 *       of the same device message would otherwise become a different leaf. The leaf is what the
 *       device said plus which gateway vouches for it.
 *   <li>{@code location} is omitted when the device sent none; {@code altitude} likewise.
 *   <li>{@code "v":1} versions the record; a new field means a new {@code v}.
 * </ul>
 *
 * <p>The bytes are written directly rather than through a general canonicaliser because every key
 * is fixed and every string is an identifier, quantity code, unit symbol or decimal, none of which
 * needs escaping under RFC 8785; the tests check byte equality with the {@link Jcs} library on
 * random readings. Stateless and thread-safe.
 */
public final class LeafEncoding {
  /** The record version written as {@code "v"}. */
  public static final int VERSION = 1;

  /** Quantities in JCS key order (UTF-16 code units of {@link Quantity#code()}). */
  private static final Quantity[] SORTED =
      Arrays.stream(Quantity.values())
          .sorted(Comparator.comparing(Quantity::code))
          .toArray(Quantity[]::new);

  private LeafEncoding() {}

  /**
   * The canonical leaf bytes of {@code reading}.
   *
   * @throws IllegalArgumentException if {@code eventTime} or {@code sequence} exceed {@code
   *     +-(2^53-1)}
   */
  public static byte[] encode(Reading reading) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"deviceId\":");
    string(out, reading.deviceId().value());
    out.append(",\"eventTime\":")
        .append(Jcs.requireSafeInteger("eventTime", reading.eventTime()))
        .append(",\"gatewayId\":");
    string(out, reading.gatewayId().value());
    Location loc = reading.location();
    if (loc != null) {
      out.append(",\"location\":{");
      if (loc.altitude() != null) {
        out.append("\"altitude\":");
        string(out, decimal(loc.altitude()));
        out.append(',');
      }
      out.append("\"latitude\":");
      string(out, decimal(loc.latitude()));
      out.append(",\"longitude\":");
      string(out, decimal(loc.longitude()));
      out.append('}');
    }
    out.append(",\"sequence\":")
        .append(Jcs.requireSafeInteger("sequence", reading.sequence()))
        .append(",\"siteId\":");
    string(out, reading.siteId().value());
    out.append(",\"v\":").append(VERSION).append(",\"values\":{");
    boolean first = true;
    for (Quantity q : SORTED) {
      Double v = reading.values().get(q);
      if (v == null) {
        continue;
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, q.code());
      out.append(":{\"unit\":");
      string(out, q.unit().symbol());
      out.append(",\"value\":");
      string(out, decimal(v));
      out.append('}');
    }
    out.append("}}");
    // Every character written is ASCII (identifiers, codes, symbols, digits), so this is UTF-8.
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The shortest plain decimal that reads back as {@code value}: {@code "12.3"}, {@code "0"} for
   * both zeros, {@code "-0.000001"}, never an exponent. The digits are the ones RFC 8785 (and
   * ECMAScript) print for the number, which are JDK-independent; {@code Double.toString} before JDK
   * 19 is not always shortest, so it is not used.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  public static String decimal(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a measurement must be finite but was " + value);
    }
    String es;
    try {
      es = NumberToJSON.serializeNumber(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot print " + value, e);
    }
    // ECMAScript switches to exponent form below 1e-6 and from 1e21; spell those out in full.
    return es.indexOf('e') < 0 ? es : new BigDecimal(es).stripTrailingZeros().toPlainString();
  }

  private static void string(StringBuilder out, String ascii) {
    out.append('"').append(ascii).append('"');
  }
}
