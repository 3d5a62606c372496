package dev.airtrace.core.integrity;

import dev.airtrace.core.Correction;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
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
 *   <li>{@code corrections} (how the gateway derived a value, {@link Reading#corrections()}) is
 *       written only when the reading has one, and such a record is {@code "v":2}; a reading
 *       without corrections keeps exactly its version-1 bytes, so every existing proof still
 *       verifies. Each correction is {@code {"inputs":{<code>:{"unit":..,"value":".."}},
 *       "method":"epa-barkjohn-2022","status":"applied"}} (inputs in code order). The {@code
 *       anomalies} annotation of the readings topic is not part of the leaf: it is the gateway's
 *       opinion about the reading, derived later, not something measured.
 * </ul>
 *
 * <p>The bytes are written directly rather than through a general canonicaliser because every key
 * is fixed and every string is an identifier, quantity code, unit symbol or decimal, none of which
 * needs escaping under RFC 8785; the tests check byte equality with the {@link Jcs} library on
 * random readings. Thread-safe: each thread reuses its own scratch buffer and digest.
 */
public final class LeafEncoding {
  /** The record version written as {@code "v"} for readings without corrections. */
  public static final int VERSION = 1;

  /** The record version written as {@code "v"} for readings with corrections. */
  public static final int VERSION_WITH_CORRECTIONS = 2;

  /** Quantities in JCS key order (UTF-16 code units of {@link Quantity#code()}). */
  private static final Quantity[] SORTED =
      Arrays.stream(Quantity.values())
          .sorted(Comparator.comparing(Quantity::code))
          .toArray(Quantity[]::new);

  private static final byte[] DEVICE_ID = ascii("{\"deviceId\":");
  private static final byte[] EVENT_TIME = ascii(",\"eventTime\":");
  private static final byte[] GATEWAY_ID = ascii(",\"gatewayId\":");
  private static final byte[] LOCATION = ascii(",\"location\":{");
  private static final byte[] ALTITUDE = ascii("\"altitude\":");
  private static final byte[] LATITUDE = ascii("\"latitude\":");
  private static final byte[] LONGITUDE = ascii(",\"longitude\":");
  private static final byte[] SEQUENCE = ascii(",\"sequence\":");
  private static final byte[] SITE_ID = ascii(",\"siteId\":");
  private static final byte[] VERSION_AND_VALUES = ascii(",\"v\":" + VERSION + ",\"values\":{");
  private static final byte[] VERSION_2_AND_VALUES =
      ascii(",\"v\":" + VERSION_WITH_CORRECTIONS + ",\"values\":{");
  private static final byte[] CORRECTIONS = ascii("{\"corrections\":{");
  private static final byte[] INPUTS = ascii("\":{\"inputs\":{");
  private static final byte[] METHOD = ascii("},\"method\":");
  private static final byte[] STATUS = ascii(",\"status\":");
  private static final byte[] DEVICE_ID_AFTER_CORRECTIONS = ascii("},\"deviceId\":");

  /** {@code "code":{"unit":"symbol","value":} per quantity, in {@link #SORTED} order. */
  private static final byte[][] VALUE_PREFIX =
      Arrays.stream(SORTED)
          .map(
              q -> ascii("\"" + q.code() + "\":{\"unit\":\"" + q.unit().symbol() + "\",\"value\":"))
          .toArray(byte[][]::new);

  /** One scratch buffer per thread: encoding runs per reading on hot paths. */
  private static final ThreadLocal<Ascii> BUFFER = ThreadLocal.withInitial(() -> new Ascii(512));

  private LeafEncoding() {}

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The canonical leaf bytes of {@code reading}.
   *
   * @throws IllegalArgumentException if {@code eventTime} or {@code sequence} exceed {@code
   *     +-(2^53-1)}
   */
  public static byte[] encode(Reading reading) {
    return write(reading, BUFFER.get().reset()).toBytes();
  }

  /**
   * {@code SHA-256(0x00 || encode(reading))}, the reading's RFC 6962 leaf hash, without keeping the
   * leaf bytes: what a gateway needs per reading to build its batch tree ({@link
   * MerkleTree#fromLeafHashes}); the bytes can be rebuilt from the reading for a proof.
   */
  public static byte[] leafHash(Reading reading) {
    Ascii out = write(reading, BUFFER.get().reset());
    // reset() left the RFC 6962 leaf prefix 0x00 just before the record: one update call.
    MessageDigest md = out.digest;
    md.update(out.buf, out.start - 1, out.len - out.start + 1);
    return md.digest();
  }

  private static Ascii write(Reading reading, Ascii out) {
    boolean corrected = !reading.corrections().isEmpty();
    if (corrected) {
      writeCorrections(reading.corrections(), out);
      out.raw(DEVICE_ID_AFTER_CORRECTIONS).string(reading.deviceId().value());
    } else {
      out.raw(DEVICE_ID).string(reading.deviceId().value());
    }
    out.raw(EVENT_TIME).integer(Jcs.requireSafeInteger("eventTime", reading.eventTime()));
    out.raw(GATEWAY_ID).string(reading.gatewayId().value());
    Location loc = reading.location();
    if (loc != null) {
      out.raw(LOCATION);
      if (loc.altitude() != null) {
        out.raw(ALTITUDE).decimalString(loc.altitude()).raw(',');
      }
      out.raw(LATITUDE).decimalString(loc.latitude());
      out.raw(LONGITUDE).decimalString(loc.longitude()).raw('}');
    }
    out.raw(SEQUENCE).integer(Jcs.requireSafeInteger("sequence", reading.sequence()));
    out.raw(SITE_ID).string(reading.siteId().value());
    out.raw(corrected ? VERSION_2_AND_VALUES : VERSION_AND_VALUES);
    writeValues(reading.values(), out);
    return out.raw('}').raw('}');
  }

  /** {@code "code":{"unit":..,"value":".."}} for each present quantity, in code order. */
  private static void writeValues(Map<Quantity, Double> values, Ascii out) {
    boolean first = true;
    for (int i = 0; i < SORTED.length; i++) {
      Double v = values.get(SORTED[i]);
      if (v == null) {
        continue;
      }
      if (!first) {
        out.raw(',');
      }
      first = false;
      out.raw(VALUE_PREFIX[i]).decimalString(v).raw('}');
    }
  }

  /** {@code {"corrections":{"code":{"inputs":{..},"method":"..","status":".."},..}} (open). */
  private static void writeCorrections(Map<Quantity, Correction> corrections, Ascii out) {
    out.raw(CORRECTIONS);
    boolean first = true;
    for (Quantity q : SORTED) {
      Correction c = corrections.get(q);
      if (c == null) {
        continue;
      }
      if (!first) {
        out.raw(',');
      }
      first = false;
      // method matches [a-z0-9.:@_-]+ and status codes are ASCII words: nothing to escape.
      out.raw('"').raw(q.code()).raw(INPUTS);
      writeValues(c.inputs(), out);
      out.raw(METHOD).string(c.method());
      out.raw(STATUS).string(c.status().code()).raw('}');
    }
  }

  /**
   * The shortest plain decimal that reads back as {@code value}: {@code "12.3"}, {@code "0"} for
   * both zeros, {@code "-0.000001"}, never an exponent. The digits are the ones RFC 8785 (and
   * ECMAScript) print for the number, which are JDK-independent; {@code Double.toString} before JDK
   * 19 is not always shortest (it prints 2e23 as {@code 1.9999999999999998E23}), so it is not used.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  public static String decimal(double value) {
    Ascii out = new Ascii(24);
    out.decimal(value);
    return out.toString();
  }

  /** The slow, general path: the JCS library's ECMAScript printer, exponent spelled out. */
  static String decimalViaEcmaScript(double value) {
    String es;
    try {
      es = NumberToJSON.serializeNumber(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot print " + value, e);
    }
    // ECMAScript switches to exponent form below 1e-6 and from 1e21; spell those out in full.
    return es.indexOf('e') < 0 ? es : new BigDecimal(es).stripTrailingZeros().toPlainString();
  }

  /** An ASCII byte buffer; every string the leaf record holds is ASCII by construction. */
  private static final class Ascii {
    /** Powers of ten that are exact doubles, for the fast decimal path. */
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    /**
     * Below this the product {@code value * 10^k} is within 1/4 of the integer it approximates, so
     * rounding it finds the decimal when one with {@code k} places exists.
     */
    private static final double FAST_LIMIT = 0x1p50;

    private static final long[] LONG_POW10 = {
      1L,
      10L,
      100L,
      1_000L,
      10_000L,
      100_000L,
      1_000_000L,
      10_000_000L,
      100_000_000L,
      1_000_000_000L
    };

    /** {@code 2^50 / 10^9}: below it, {@code v · 10^9} stays under {@link #FAST_LIMIT}. */
    private static final double NINE_PLACES_LIMIT = 0x1p50 / 1e9;

    /** Room for 19 integer digits, a point and 9 fraction digits, written right to left. */
    private final byte[] scratch = new byte[32];

    private byte[] buf;

    /** Where the content begins (after the leaf prefix, when there is one). */
    private int start;

    private int len;
    private final MessageDigest digest = Sha256.newDigest();

    Ascii(int capacity) {
      buf = new byte[capacity];
    }

    /** Empties the buffer, keeping a 0x00 byte before the content for {@link #leafHash}. */
    Ascii reset() {
      buf[0] = 0x00;
      start = 1;
      len = 1;
      return this;
    }

    Ascii raw(byte[] ascii) {
      ensure(ascii.length);
      System.arraycopy(ascii, 0, buf, len, ascii.length);
      len += ascii.length;
      return this;
    }

    Ascii raw(char c) {
      ensure(1);
      buf[len++] = (byte) c;
      return this;
    }

    // String.getBytes(int, int, byte[], int) keeps the low 8 bits of each char: exact for the ASCII
    // this buffer holds, and a plain array copy for compact (Latin-1) strings.
    @SuppressWarnings("deprecation")
    Ascii raw(String ascii) {
      int n = ascii.length();
      ensure(n);
      ascii.getBytes(0, n, buf, len);
      len += n;
      return this;
    }

    /** A JSON string whose content needs no RFC 8785 escaping (identifiers, codes, decimals). */
    Ascii string(String ascii) {
      return raw('"').raw(ascii).raw('"');
    }

    Ascii integer(long v) {
      if (v < 0) {
        raw('-');
        // |v| <= 2^53 here (checked by the caller), so negation cannot overflow.
        v = -v;
      }
      digits(v, 0);
      return this;
    }

    Ascii decimalString(double v) {
      raw('"');
      decimal(v);
      return raw('"');
    }

    /**
     * Plain decimal of {@code v}, from the first of three paths that applies.
     *
     * <p>Most measurements: {@code |v| < 2^50 / 10^9} and the value has at most 9 decimal places.
     * Then {@code m = rint(v · 10^9)} is the only integer whose {@code m · 10^-9} reads back as v
     * (doubles there are closer than 10^-9 apart, and the product is within 1/4 of m), and {@code m
     * / 10^9 == v} tests exactly that, because IEEE division of two exact doubles is correctly
     * rounded, like a parser. Stripping m's trailing zeros then gives the fewest decimal places,
     * hence the fewest significant digits: the ECMAScript/RFC 8785 digits.
     *
     * <p>Larger values: the same test for each k = 0..9 places while {@code v · 10^k < 2^50}, the
     * first k that passes being the shortest. Anything else: the JCS library's printer.
     */
    void decimal(double v) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("a measurement must be finite but was " + v);
      }
      if (v == 0) {
        raw('0');
        return;
      }
      if (Math.abs(v) < NINE_PLACES_LIMIT) {
        double m = Math.rint(v * 1e9);
        if (m / 1e9 == v) {
          long nine = (long) m;
          // The shortest k has rint(v·10^k)·10^(9-k) == nine (the 9-place integer is unique, and
          // v·10^k is within 1/4 of the k-place one when it exists): multiplications only, where
          // stripping zeros off nine would divide up to nine times.
          for (int k = 0; k < 9; k++) {
            long c = (long) Math.rint(v * POW10[k]);
            if (c * LONG_POW10[9 - k] == nine) {
              signed(c, k);
              return;
            }
          }
          signed(nine, 9);
          return;
        }
        // Needs more than 9 places: no k below would pass either.
      } else {
        for (int k = 0; k < POW10.length; k++) {
          double x = v * POW10[k];
          if (Math.abs(x) >= FAST_LIMIT) {
            break;
          }
          double m = Math.rint(x);
          if (m / POW10[k] == v) {
            signed((long) m, k);
            return;
          }
        }
      }
      raw(decimalViaEcmaScript(v));
    }

    private void signed(long m, int places) {
      if (m < 0) {
        raw('-');
        digits(-m, places);
      } else {
        digits(m, places);
      }
    }

    /**
     * Writes {@code m · 10^-places} (m >= 0) in plain notation: exactly {@code places} fraction
     * digits, and "0." before them when m has no more digits than places.
     */
    private void digits(long m, int places) {
      int p = scratch.length;
      if (m <= Integer.MAX_VALUE) {
        // Measurements have few digits: int division is cheaper than long.
        int rest = (int) m;
        for (int i = 0; i < places; i++) {
          scratch[--p] = (byte) ('0' + rest % 10);
          rest /= 10;
        }
        if (places > 0) {
          scratch[--p] = '.';
        }
        do {
          scratch[--p] = (byte) ('0' + rest % 10);
          rest /= 10;
        } while (rest != 0);
      } else if (places == 0) {
        // Epoch milliseconds: two int chunks of 9 digits instead of 13 long divisions.
        long rest = m;
        while (rest > Integer.MAX_VALUE) {
          int low = (int) (rest % 1_000_000_000L);
          rest /= 1_000_000_000L;
          for (int i = 0; i < 9; i++) {
            scratch[--p] = (byte) ('0' + low % 10);
            low /= 10;
          }
        }
        int high = (int) rest;
        do {
          scratch[--p] = (byte) ('0' + high % 10);
          high /= 10;
        } while (high != 0);
      } else {
        long rest = m;
        for (int i = 0; i < places; i++) {
          scratch[--p] = (byte) ('0' + rest % 10);
          rest /= 10;
        }
        scratch[--p] = '.';
        do {
          scratch[--p] = (byte) ('0' + rest % 10);
          rest /= 10;
        } while (rest != 0);
      }
      int n = scratch.length - p;
      ensure(n);
      System.arraycopy(scratch, p, buf, len, n);
      len += n;
    }

    private void ensure(int extra) {
      if (len + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
      }
    }

    byte[] toBytes() {
      return Arrays.copyOfRange(buf, start, len);
    }

    @Override
    public String toString() {
      return new String(buf, start, len - start, StandardCharsets.US_ASCII);
    }
  }
}
