package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongPredicate;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The context memory's cached block averages and sorted, pruned search must give the same bits as
 * the plain definition: every window's piecewise averages summed from the raw values, and a scan of
 * every remembered shape in insertion order that abandons a shape once its partial sum reaches the
 * best (the detector's verdicts, and so the NAB score, depend on these bits).
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
    private final List<Long> steps = new ArrayList<>();
    private int next;

    PlainContextMemory(int length, int memory, int stride) {
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
