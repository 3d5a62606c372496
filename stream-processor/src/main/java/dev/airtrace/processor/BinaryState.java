package dev.airtrace.processor;

import dev.airtrace.core.Quantity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The compact binary layout of the processor's internal values (repartition topic and state
 * stores): a format byte, then fixed-width big-endian longs and doubles, unsigned LEB128 varints
 * for counts and lengths, and UTF-8 strings prefixed by their byte length. Quantities are written
 * by code, not by ordinal, so adding a quantity to the core never re-interprets stored state.
 *
 * <p>Every binary value starts with a format byte at or above {@link #FIRST_FORMAT} (0xB0): JSON,
 * the format before it, starts with '{' (0x7B), so each decoder tells the two apart by the first
 * byte and still reads state and repartition records written by the previous version
 * (docs/stream-processor.md#internal-formats-and-upgrades).
 *
 * <p>{@link Writer} and {@link Reader} are not thread-safe; each encode or decode uses its own.
 */
final class BinaryState {
  /** The lowest format byte of a binary value; JSON values start with '{' (0x7B). */
  static final int FIRST_FORMAT = 0xB0;

  private static final Map<String, Quantity> QUANTITIES = new HashMap<>();

  static {
    for (Quantity q : Quantity.values()) {
      QUANTITIES.put(q.code(), q);
    }
  }

  private BinaryState() {}

  /** Whether {@code bytes} is a binary value of format {@code format} (else JSON or another). */
  static boolean isFormat(byte[] bytes, int format) {
    return bytes.length > 0 && (bytes[0] & 0xFF) == format;
  }

  /** The quantity of a code, without the stream lookup of {@link Quantity#fromCode}. */
  static Quantity quantity(String code) {
    Quantity q = QUANTITIES.get(code);
    if (q == null) {
      throw new IllegalArgumentException("unknown quantity " + code);
    }
    return q;
  }

  /** An append-only byte buffer. */
  static final class Writer {
    private byte[] buf;
    private int pos;

    Writer(int format, int capacity) {
      buf = new byte[Math.max(16, capacity)];
      buf[pos++] = (byte) format;
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    Writer bool(boolean v) {
      ensure(1);
      buf[pos++] = (byte) (v ? 1 : 0);
      return this;
    }

    Writer varint(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("varint must be >= 0 but was " + v);
      }
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
      return this;
    }

    Writer fixed64(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[pos++] = (byte) (v >>> shift);
      }
      return this;
    }

    Writer float64(double v) {
      return fixed64(Double.doubleToRawLongBits(v));
    }

    Writer bytes(byte[] v) {
      varint(v.length);
      ensure(v.length);
      System.arraycopy(v, 0, buf, pos, v.length);
      pos += v.length;
      return this;
    }

    Writer string(String v) {
      return bytes(v.getBytes(StandardCharsets.UTF_8));
    }

    Writer quantity(Quantity q) {
      return string(q.code());
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  /** Reads what a {@link Writer} wrote, in the same order; fails on truncated input. */
  static final class Reader {
    private final byte[] buf;
    private int pos;

    /** A reader positioned after the format byte, which must be {@code format}. */
    Reader(byte[] bytes, int format) {
      if (!isFormat(bytes, format)) {
        throw new IllegalArgumentException(
            "not format 0x" + Integer.toHexString(format) + " state");
      }
      this.buf = bytes;
      this.pos = 1;
    }

    private void need(int n) {
      if (n < 0 || pos + n > buf.length) {
        throw new IllegalArgumentException("truncated state value at byte " + pos);
      }
    }

    boolean bool() {
      need(1);
      return buf[pos++] != 0;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        need(1);
        byte b = buf[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes at byte " + pos);
    }

    int count() {
      long n = varint();
      if (n > buf.length - pos) {
        // every counted element takes at least one byte
        throw new IllegalArgumentException("count " + n + " exceeds the value at byte " + pos);
      }
      return (int) n;
    }

    long fixed64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos++] & 0xFF);
      }
      return v;
    }

    double float64() {
      return Double.longBitsToDouble(fixed64());
    }

    byte[] bytes() {
      int n = count();
      need(n);
      byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return out;
    }

    String string() {
      int n = count();
      need(n);
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    Quantity quantity() {
      return BinaryState.quantity(string());
    }

    /** Fails unless every byte was read (a value longer than its format is corrupt). */
    void end() {
      if (pos != buf.length) {
        throw new IllegalArgumentException(
            (buf.length - pos) + " trailing bytes after the state value");
      }
    }
  }
}
