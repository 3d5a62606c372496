package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongPredicate;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The context memory's cached block averages, half-precision storage and sorted, pruned search must
 * give the same bits as the plain definition: every window's piecewise averages summed from the raw
 * values, each remembered shape kept as {@link ContextMemory#encode} stores it, and a scan of every
 * remembered shape in insertion order that abandons a shape once its partial sum reaches the best
 * (the detector's verdicts, and so the NAB score, depend on these bits). The quantisation itself is
 * bounded separately: a distance moves by at most the stored error.
 */
class ContextMemoryTest {
  @Test
  void shouldGiveTheSameBitsAsThePlainScanOnNoisyCycles() {
    for (int seed = 0; seed < 6; seed++) {
      Random r = new Random(seed);
      double period = 30 + 40 * seed;
      // amplitude near the level: averages differ by more than a factor 2, where float and double
      // differences round differently

      assertSameAsPlainScan(
          96 + 16 * seed,
          600,
          1 + seed % 8,
          4_000,
          step -> 20 + 18 * Math.sin(step / period) + r.nextGaussian());
    }
  }

  @Test
  void shouldGiveTheSameBitsAsThePlainScanOnStepsAndRepeatedValues() {
    assertSameAsPlainScan(256, 4_000, 8, 6_000, step -> (step / 500) % 3 == 0 ? 7.0 : step % 97);
  }

  @Test
  void shouldGiveTheSameBitsAsThePlainScanWhenAveragesOverflowToInfinity() {
    // bursts of huge finite values make block sums infinite, and inf - inf makes NaN distances
    Random r = new Random(7);
    assertSameAsPlainScan(
        64,
        800,
        2,
        5_000,
        step -> step % 300 > 270 && step % 2_400 < 1_500 ? 1.7e308 : 10 + r.nextGaussian());
  }

  @Test
  void shouldGiveTheSameBitsAsThePlainScanWhenSomeStepsAreNotScored() {
    // a model with a longer window (hot reload) leaves values unscored: cached blocks go stale
    Random r = new Random(3);
    assertSameAsPlainScan(
        256,
        4_000,
        8,
        8_000,
        step -> 20 + 18 * Math.sin(step / 48.0) + r.nextGaussian(),
        step -> (step / 700) % 3 == 1 && step % 700 < 90);
  }

  @Test
  void shouldMoveDistancesByAtMostTheHalfPrecisionErrorOfTheStoredShapes() {
    // a daily-like cycle far from zero (pressure-like level 1,013, swing 10): half precision of the
    // values themselves would keep steps of 0.5; relative to the first shape the steps are tiny.
    // Every stored average is within 2^-11 x |average - origin| + half a float ulp of the exact
    // one; |average - origin| <= 2 x (10 + noise) < 26 here, so a stored segment is off by at most
    // 26 / 2048 + 0.00003 = 0.0127 and an RMS distance (triangle inequality) by no more, / scale 2
    Random r = new Random(11);
    LongToDoubleFunction values = step -> 1_013 + 10 * Math.sin(step / 90.0) + r.nextGaussian();
    ContextMemory fast = new ContextMemory(256, 4_000, 8);
    PlainContextMemory exact = new PlainContextMemory(256, 4_000, 8, false);
    RingWindow window = new RingWindow(256);
    double largest = 0;
    int differing = 0;
    for (long step = 0; step < 8_000; step++) {
      double x = values.applyAsDouble(step);
      if (fast.ready(window)) {
        double d = exact.distanceAndRemember(window, x, step, 2.0);
        double q = fast.distanceAndRemember(window, x, step, 2.0);
        largest = Math.max(largest, Math.abs(q - d));
        differing += q == d ? 0 : 1;
      }
      window.push(x);
    }
    System.out.printf("largest move %s, %d of the distances moved%n", largest, differing);
    assertThat(largest).isLessThanOrEqualTo(0.0127 / 2.0);
    assertThat(differing).as("the quantisation is visible").isPositive();
  }

  @Test
  void shouldStoreDeviationsFromASixteenthToMillionsOfScalesToElevenBits() {
    double scale = 0.3; // unit: 2^-2 x 2^10 = 256, the power of two at or below 2^10 x 0.3 = 307
    double unit = ContextMemory.unitFor(scale);
    assertThat(unit).isEqualTo(256.0);
    double origin = 1_013.25;
    for (double scales : new double[] {-3e7, -3_000, -1, 1.0 / 16, 0.7, 42, 2e5, 3e7}) {
      float value = (float) (origin + scales * scale);
      float stored = ContextMemory.decode(ContextMemory.encode(value, origin, unit), origin, unit);
      // 2^-11 of the deviation (half an ulp of the half) plus half a float ulp of the value
      double bound = Math.abs(value - origin) * 0x1p-11 + Math.ulp(value) / 2;
      assertThat((double) Math.abs(stored - value))
          .as("%s scales", scales)
          .isLessThanOrEqualTo(bound);
    }
    // below a sixteenth of a scale the step is 2^-14 scales (subnormal halves)
    float tiny = (float) (origin + 0.001 * scale);
    float stored = ContextMemory.decode(ContextMemory.encode(tiny, origin, unit), origin, unit);
    assertThat((double) Math.abs(stored - tiny))
        .isLessThanOrEqualTo(0x1p-25 * unit + Math.ulp(tiny) / 2);
  }

  @Test
  void shouldFindAnEqualShapeAtDistanceZeroAfterQuantisation() {
    // a periodic series repeats its windows exactly: their stored copies decode to the same floats
    ContextMemory memory = new ContextMemory(64, 4_000, 8);
    RingWindow window = new RingWindow(256);
    double last = -1;
    for (long step = 0; step <= 1_000; step++) { // step 1,000 matches the copy stored at 936
      double x = 1_013 + (step % 64 < 32 ? 0.25 : -0.25);
      if (memory.ready(window)) {
        last = memory.distanceAndRemember(window, x, step, 0.25);
      }
      window.push(x);
    }
    assertThat(last).isZero();
  }

  private static void assertSameAsPlainScan(
      int length, int memory, int stride, int steps, LongToDoubleFunction values) {
    assertSameAsPlainScan(length, memory, stride, steps, values, step -> false);
  }

  private static void assertSameAsPlainScan(
      int length,
      int memory,
      int stride,
      int steps,
      LongToDoubleFunction values,
      LongPredicate unscored) {
    ContextMemory fast = new ContextMemory(length, memory, stride);
    PlainContextMemory plain = new PlainContextMemory(length, memory, stride);
    RingWindow window = new RingWindow(256);
    int compared = 0;
    for (long step = 0; step < steps; step++) {
      double x = values.applyAsDouble(step);
      if (fast.ready(window) && !unscored.test(step)) {
        double expected = plain.distanceAndRemember(window, x, step, 2.0);
        double actual = fast.distanceAndRemember(window, x, step, 2.0);
        assertThat(Double.doubleToRawLongBits(actual))
            .as("step %d: %s vs %s", step, actual, expected)
            .isEqualTo(Double.doubleToRawLongBits(expected));
        compared++;
      }
      window.push(x);
    }
    assertThat(compared).isGreaterThan(steps / 3);
  }

  /** The definition, written plainly: no caches, no index, no pruning beyond early abandoning. */
  private static final class PlainContextMemory {
    private final int length;
    private final int stride;
    private final int capacity;
    private final List<float[]> shapes = new ArrayList<>();
    private double origin = Double.NaN;
    private double unit;
    private final List<Long> steps = new ArrayList<>();
    private int next;

    private final boolean quantised;

    PlainContextMemory(int length, int memory, int stride) {
      this(length, memory, stride, true);
    }

    /** {@code quantised} false: shapes kept as {@code float}, as before issue #13. */
    PlainContextMemory(int length, int memory, int stride, boolean quantised) {
      this.quantised = quantised;
      this.length = length;
      this.stride = stride;
      this.capacity = Math.max(1, memory / stride);
    }

    double distanceAndRemember(RingWindow window, double newest, long step, double scale) {
      int segment = length / ContextMemory.SEGMENTS;
      float[] current = new float[ContextMemory.SEGMENTS];
      for (int s = 0; s < current.length; s++) {
        double sum = 0;
        for (int k = 0; k < segment; k++) {
          int back = segment * current.length - 1 - (s * segment + k);
          sum += back == 0 ? newest : window.back(back - 1);
        }
        current[s] = (float) (sum / segment);
      }
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < shapes.size(); i++) {
        if (steps.get(i) > step - length) {
          continue;
        }
        float[] shape = shapes.get(i);
        double d = 0;
        for (int s = 0; s < current.length && d < best; s++) {
          double e = shape[s] - current[s];
          d += e * e;
        }
        best = Math.min(best, d);
      }
      if (step % stride == 0) {
        if (quantised && Double.isNaN(origin)) {
          origin = ContextMemory.originFor(current[0]);
          unit = ContextMemory.unitFor(scale);
        }
        for (int s = 0; quantised && s < current.length; s++) {
          current[s] =
              ContextMemory.decode(ContextMemory.encode(current[s], origin, unit), origin, unit);
        }
        if (shapes.size() < capacity) {
          shapes.add(current);
          steps.add(step);
        } else {
          shapes.set(next, current);
          steps.set(next, step);
        }
        next = (next + 1) % capacity;
      }
      return best == Double.POSITIVE_INFINITY ? 0 : Math.sqrt(best / current.length) / scale;
    }
  }
}
