package dev.airtrace.anomaly;

/**
 * IEEE 754 binary16 ("half precision") by hand, for {@link ContextMemory}'s stored shapes: Java 17
 * has no {@code Float.floatToFloat16}. 11 significant bits (relative error at most 2^-11 of the
 * value, half an ulp when rounding), exponents from 2^-14 (subnormals down to 2^-24) to 65,504.
 * Encoding rounds to nearest, ties to even, like the hardware conversions, except that a finite
 * value beyond the largest half saturates to ±65,504 instead of becoming infinite: a stored shape
 * that was finite stays finite (the context memory treats non-finite shapes specially). Decoding is
 * exact, through a shared 256 KB table. Stateless and thread-safe.
 */
final class HalfFloat {
  /** The largest finite half, 65,504, as its bits. */
  static final short MAX_VALUE_BITS = 0x7bff;

  private static final short POSITIVE_INFINITY_BITS = 0x7c00;
  private static final short NAN_BITS = 0x7e00;

  /** Every half's value, by its bits as an unsigned 16-bit number. */
  private static final float[] VALUES = new float[1 << 16];

  static {
    for (int bits = 0; bits < VALUES.length; bits++) {
      VALUES[bits] = decodeSlowly(bits);
    }
  }

  private HalfFloat() {}

  /** The value of the half with these bits (exact). */
  static float toFloat(short bits) {
    return VALUES[bits & 0xffff];
  }

  /**
   * The half nearest to {@code x} (ties to even), with a finite {@code x} beyond ±65,504 saturated
   * to ±65,504; infinities stay infinite and NaN stays NaN.
   */
  static short fromDouble(double x) {
    int sign = Double.doubleToRawLongBits(x) < 0 ? 0x8000 : 0;
    double a = Math.abs(x);
    if (Double.isNaN(a)) {
      return NAN_BITS;
    }
    if (a == Double.POSITIVE_INFINITY) {
      return (short) (sign | POSITIVE_INFINITY_BITS);
    }
    int magnitude;
    if (a < 0x1p-14) {
      // subnormal: a multiple of 2^-24; 1,024 of them is the smallest normal, whose bits are 1,024
      magnitude = (int) Math.rint(a * 0x1p24);
    } else {
      int exponent = Math.getExponent(a);
      // 10 fraction bits: a / 2^(exponent - 10) is in [1024, 2048), exact (a power-of-two scaling)
      int significand = (int) Math.rint(Math.scalb(a, 10 - exponent));
      if (significand == 2048) { // rounded up into the next binade
        significand = 1024;
        exponent++;
      }
      if (exponent > 15) {
        return (short) (sign | MAX_VALUE_BITS);
      }
      magnitude = (exponent + 15) << 10 | (significand - 1024);
    }
    return (short) (sign | magnitude);
  }

  private static float decodeSlowly(int bits) {
    int exponent = (bits >>> 10) & 0x1f;
    int fraction = bits & 0x3ff;
    float magnitude;
    if (exponent == 0) {
      magnitude = Math.scalb((float) fraction, -24);
    } else if (exponent == 0x1f) {
      magnitude = fraction == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    } else {
      magnitude = Math.scalb((float) (1024 + fraction), exponent - 25);
    }
    return (bits & 0x8000) != 0 ? -magnitude : magnitude;
  }
}
