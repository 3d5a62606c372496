package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written binary16 conversion: exact decoding, nearest-even encoding, saturation. */
class HalfFloatTest {
  @Test
  void shouldRoundTripEveryHalfExceptNanPayloads() {
    for (int bits = 0; bits < 1 << 16; bits++) {
      float value = HalfFloat.toFloat((short) bits);
      if (Float.isNaN(value)) {
        assertThat(HalfFloat.fromDouble(value)).isEqualTo((short) 0x7e00);
      } else {
        assertThat(HalfFloat.fromDouble(value) & 0xffff).as("bits %04x", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void shouldDecodeTheDefiningValues() {
    assertThat(HalfFloat.toFloat((short) 0x3c00)).isEqualTo(1.0f);
    assertThat(HalfFloat.toFloat((short) 0xc000)).isEqualTo(-2.0f);
    assertThat(HalfFloat.toFloat((short) 0x7bff)).isEqualTo(65_504f);
    assertThat(HalfFloat.toFloat((short) 0x0400)).isEqualTo(0x1p-14f); // smallest normal
    assertThat(HalfFloat.toFloat((short) 0x0001)).isEqualTo(0x1p-24f); // smallest subnormal
    assertThat(HalfFloat.toFloat((short) 0x3555)).isEqualTo(0.333251953125f); // 1/3 rounded down
    assertThat(HalfFloat.toFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HalfFloat.toFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
  }

  @Test
  void shouldRoundToNearestAndTiesToEven() {
    // 1 + 2^-11 lies halfway between 1 (0x3c00, even) and 1 + 2^-10 (0x3c01)
    assertThat(HalfFloat.fromDouble(1 + 0x1p-11)).isEqualTo((short) 0x3c00);
    // 1 + 3 x 2^-11 lies halfway between 0x3c01 and 0x3c02 (even)
    assertThat(HalfFloat.fromDouble(1 + 3 * 0x1p-11)).isEqualTo((short) 0x3c02);
    assertThat(HalfFloat.fromDouble(1 + 0x1p-11 + 0x1p-30)).isEqualTo((short) 0x3c01);
    // 2,047.5 rounds up into the next binade: 2,048
    assertThat(HalfFloat.fromDouble(2_047.5)).isEqualTo((short) 0x6800);
    // half the smallest subnormal is a tie with 0 (even); a little more rounds up
    assertThat(HalfFloat.fromDouble(0x1p-25)).isEqualTo((short) 0);
    assertThat(HalfFloat.fromDouble(0x1p-25 + 0x1p-40)).isEqualTo((short) 1);
    assertThat(HalfFloat.fromDouble(-0.0)).isEqualTo((short) 0x8000);
  }

  @Test
  void shouldEncodeEveryValueToItsNearestHalf() {
    Random r = new Random(5);
    for (int k = 0; k < 200_000; k++) {
      double x = Math.scalb(r.nextDouble() * 2 - 1, r.nextInt(42) - 25);
      short h = HalfFloat.fromDouble(x);
      double error = Math.abs(HalfFloat.toFloat(h) - x);
      for (int neighbour : new int[] {(h & 0xffff) - 1, (h & 0xffff) + 1}) {
        float other = HalfFloat.toFloat((short) neighbour);
        if (Float.isFinite(other) && (neighbour & 0x8000) == (h & 0x8000)) {
          assertThat(error).as("%s -> %04x", x, h).isLessThanOrEqualTo(Math.abs(other - x));
        }
      }
    }
  }

  @Test
  void shouldSaturateFiniteValuesBeyondTheRangeButKeepInfinitiesAndNan() {
    assertThat(HalfFloat.fromDouble(65_519.9)).isEqualTo((short) 0x7bff);
    assertThat(HalfFloat.fromDouble(1e30)).isEqualTo(HalfFloat.MAX_VALUE_BITS);
    assertThat(HalfFloat.fromDouble(-1e30)).isEqualTo((short) 0xfbff);
    assertThat(HalfFloat.fromDouble(Double.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
    assertThat(HalfFloat.fromDouble(Double.NEGATIVE_INFINITY)).isEqualTo((short) 0xfc00);
    assertThat(Float.isNaN(HalfFloat.toFloat(HalfFloat.fromDouble(Double.NaN)))).isTrue();
  }
}
