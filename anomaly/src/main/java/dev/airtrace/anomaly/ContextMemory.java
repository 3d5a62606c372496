package dev.airtrace.anomaly;

import java.util.Arrays;

/**
 * A series' memory of the long windows ("contexts") it has shown: piecewise-aggregate summaries of
 * past windows, and the distance from the current window to its nearest remembered neighbour. It is
 * a causal discord score: large when the series does something it has not done within the memory,
 * for example a daily cycle that fails to rise, which looks ordinary inside a short model window.
 * Windows overlapping the current one are excluded, so a slowly changing series does not match
 * itself. Not thread-safe.
 *
 * <p>Cost: the piecewise averages of consecutive windows share their blocks (segment {@code s} of
 * the window ending at step {@code t} is segment {@code s + 1} of the window ending at {@code t -
 * segment}), so each block average is computed once, when its newest value arrives, and cached by
 * the step it ends at; the same sum in the same order gives the same bits. The nearest-neighbour
 * search keeps the remembered shapes sorted by their first segment and visits them outward from the
 * current window's, so most are pruned by that one segment (see {@link #nearest}); it returns
 * exactly the minimum a full scan returns, so the distances are bit-identical.
 *
 * <p>Memory: 20 bytes per remembered shape (issue #13; 52 before). A shape's 8 averages are stored
 * as half-precision floats ({@link HalfFloat}) relative to the series: {@code (average - origin) /
 * unit}, with {@code origin} the first remembered shape's first average and {@code unit} the power
 * of two at or just below 2^10 × the series' scale when it remembered its first shape. A deviation
 * from the origin of more than 2^-4 scales keeps 11 significant bits (error at most 2^-11 of it), a
 * smaller one is kept to 2^-14 scales, so a level far from zero (pressure at 1,013 hPa) keeps its
 * fine shape; deviations up to at least 3.3 × 10^7 scales fit (finite ones beyond saturate). Every
 * comparison, the search's pruning included, uses the decoded shapes, so the search is still exact
 * for what is stored: the distances change only by the quantisation. The index is the step of each
 * entry, its low 32 bits (ages are differences modulo 2^32; an entry is at most about {@code
 * memoryObservations} + a model window steps old); the oldest entry, evicted when the memory is
 * full, is found by one pass over them. The arrays start at {@link #INITIAL_ENTRIES} entries and
 * double up to the capacity ({@code memoryObservations / stride}); the block-average cache is
 * allocated with the first whole window. A series that has not yet filled its memory holds only
 * what it remembered.
 */
final class ContextMemory {
  /** Piecewise averages per window. */
  static final int SEGMENTS = 8;

  /** Entries of new shape arrays; they grow by doubling up to the capacity. */
  static final int INITIAL_ENTRIES = 16;

  /**
   * One stored unit is about 2^10 scales, so a deviation of one scale is a half of about 2^-10:
   * deviations from 2^-4 scales (the smallest normal half, 2^-14) to 3.3–6.7 × 10^7 scales (the
   * largest, 65,504) keep 11 significant bits, and smaller ones are kept to 2^-14 scales.
   */
  private static final int UNIT_ABOVE_SCALE = 10;

  private final int length;
  private final int segment;
  private final int used;
  private final int stride;
  private final int capacity;

  /**
   * Remembered shapes sorted by their first segment (the search index), stored in that order so the
   * search reads them in sequence: segment {@code s} of entry {@code at} is half {@code at *
   * SEGMENTS + s} (see {@link #decoded}); {@code sortedSteps[at]} is the low 32 bits of the step
   * the entry's window ends at.
   */
  private short[] sortedShapes;

  private int[] sortedSteps;

  /** Stored averages are {@code origin + half × unit}; set by the first remembered shape. */
  private double origin;

  private double unit;
  private boolean calibrated;

  private final float[] current = new float[SEGMENTS];
  private final short[] encoded = new short[SEGMENTS];

  /**
   * A copy of the last nearest neighbour's (decoded) shape and its step ({@code MIN_VALUE}: none).
   */
  private final float[] seed = new float[SEGMENTS];

  private long seedStep = Long.MIN_VALUE;

  /** Where the last search started, the next search's first guess. */
  private int lastStart;

  /**
   * Remembered shapes with a decoded value that is not finite (then the search scans everything).
   */
  private int nonFinite;

  /**
   * Block averages by the step {@code e} of their newest value, at {@code (e % segment) * SEGMENTS
   * + (e / segment) % SEGMENTS}, with the low 32 bits of the step they belong to (every slot is
   * rewritten within {@code used} steps, so a stale slot never matches: half the bytes of a long).
   */
  private float[] blockAverages; // null until the first whole window

  private int[] blockEnds;
  private int size;

  ContextMemory(int length, int memoryObservations, int stride) {
    this.length = length;
    this.segment = length / SEGMENTS;
    this.used = segment * SEGMENTS;
    this.stride = stride;
    this.capacity = Math.max(1, memoryObservations / stride);
    int entries = Math.min(capacity, INITIAL_ENTRIES);
    this.sortedShapes = new short[entries * SEGMENTS];
    this.sortedSteps = new int[entries];
  }

  /**
   * The power of two that is one stored unit for a series of this scale: above 2^9 × {@code scale}
   * and at most 2^10 × {@code scale} (2^10 when the scale is not a positive finite number).
   */
  static double unitFor(double scale) {
    int exponent = scale > 0 && scale < Double.POSITIVE_INFINITY ? Math.getExponent(scale) : 0;
    return Math.scalb(1.0, exponent + UNIT_ABOVE_SCALE);
  }

  /** The origin a series' first remembered shape sets: its first average, 0 if not finite. */
  static double originFor(float firstAverage) {
    return Float.isFinite(firstAverage) ? firstAverage : 0;
  }

  /** {@code value} as stored relative to {@code origin} in units of {@code unit}. */
  static short encode(float value, double origin, double unit) {
    return HalfFloat.fromDouble((value - origin) / unit);
  }

  /** The average a stored half stands for. */
  static float decode(short half, double origin, double unit) {
    return (float) (origin + HalfFloat.toFloat(half) * unit);
  }

  private float decoded(int index) {
    return decode(sortedShapes[index], origin, unit);
  }

  /** Room for one more entry while the memory is not full. */
  private void ensureRoom() {
    if (size == sortedSteps.length && size < capacity) {
      int entries = Math.min(capacity, 2 * sortedSteps.length);
      sortedShapes = Arrays.copyOf(sortedShapes, entries * SEGMENTS);
      sortedSteps = Arrays.copyOf(sortedSteps, entries);
    }
  }

  /** Whether, with one more value, {@code window} holds a whole context window. */
  boolean ready(RingWindow window) {
    return window.size() >= length - 1;
  }

  /**
   * The distance from the window ending with {@code newest} (observation number {@code step}) to
   * its nearest remembered, non-overlapping neighbour, root-mean-square per segment in units of
   * {@code scale}; 0 while nothing comparable is remembered. Remembers the window when {@code step}
   * is a multiple of the stride. Requires {@link #ready}.
   */
  double distanceAndRemember(RingWindow window, double newest, long step, double scale) {
    if (blockAverages == null) {
      blockAverages = new float[Math.max(1, used)];
      blockEnds = new int[Math.max(1, used)];
      Arrays.fill(blockEnds, Integer.MIN_VALUE);
    }
    // the 8 blocks of one window end at the same step modulo segment: they share a cache row
    long quotient = step / segment; // step >= length - 1 >= 0
    int row = (int) (step - quotient * segment) * SEGMENTS;
    for (int s = 0; s < SEGMENTS; s++) {
      int back = SEGMENTS - 1 - s;
      int slot = row + (int) ((quotient - back) & (SEGMENTS - 1));
      current[s] = blockAverage(window, newest, step, step - (long) segment * back, slot);
    }
    double best = nearest(step);
    if (step % stride == 0) {
      remember(step, scale);
    }
    return best == Double.POSITIVE_INFINITY ? 0 : Math.sqrt(best / SEGMENTS) / scale;
  }

  /**
   * The average of the {@code segment} values ending at step {@code end}, summed oldest first
   * ({@code newest} is step {@code step}, the window holds the steps before it); {@code slot} is
   * {@code end}'s place in the cache.
   */
  private float blockAverage(RingWindow window, double newest, long step, long end, int slot) {
    if (blockEnds[slot] == (int) end) {
      return blockAverages[slot];
    }
    double sum;
    if (end == step) {
      sum = window.sumOldestFirst(segment - 2, segment - 1) + newest;
    } else {
      sum = window.sumOldestFirst((int) (step - end) - 1 + segment - 1, segment);
    }
    float average = (float) (sum / segment);
    blockAverages[slot] = average;
    blockEnds[slot] = (int) end;
    return average;
  }

  /** Steps from entry {@code at}'s window to the step whose low 32 bits are {@code now}. */
  private int age(int at, int now) {
    return now - sortedSteps[at];
  }

  /**
   * The smallest squared distance over the entries that do not overlap the current window. Visits
   * entries outward from the current first segment in key order and stops a direction once the
   * first segment alone is at least the best distance: further entries on that side differ more in
   * that segment, and a distance (a rounded sum of non-negative squares) is never below one of its
   * terms, so they cannot be nearer. The minimum is exact, so the result equals the reference
   * scan's (which abandons an entry only once its partial sum is at least the best). The start is
   * found by walking from the last start, and the last nearest neighbour (a copy of its shape, used
   * while it is still remembered) gives the first bound.
   */
  private double nearest(long step) {
    if (nonFinite > 0 || !allFinite(current)) {
      return nearestScan(step);
    }
    float c0 = current[0];
    int now = (int) step;
    double best = Double.POSITIVE_INFINITY;
    if (seedStep != Long.MIN_VALUE && seedStep <= step - length) {
      // the last nearest neighbour, still remembered: its distance is a tight first bound
      best = distanceTo(seed);
    }
    int bestAt = -1;
    int start = firstKeyAtLeastNear(c0, lastStart);
    lastStart = start;
    // upwards, then downwards: each sweep ends where the first segment alone reaches the best
    for (int at = start; at < size; at++) {
      double e = decoded(at * SEGMENTS) - c0; // float difference widened, as the scan does
      if (e * e >= best) {
        break;
      }
      if (age(at, now) >= length) {
        double d = distanceTo(at * SEGMENTS);
        if (d < best) {
          best = d;
          bestAt = at;
        }
      }
    }
    for (int at = start - 1; at >= 0; at--) {
      double e = decoded(at * SEGMENTS) - c0;
      if (e * e >= best) {
        break;
      }
      if (age(at, now) >= length) {
        double d = distanceTo(at * SEGMENTS);
        if (d < best) {
          best = d;
          bestAt = at;
        }
      }
    }
    if (bestAt >= 0) {
      for (int s = 0; s < SEGMENTS; s++) {
        seed[s] = decoded(bestAt * SEGMENTS + s);
      }
      seedStep = step - age(bestAt, now);
    }
    return best;
  }

  /** The whole squared distance to {@code shape}, summed in segment order. */
  private double distanceTo(float[] shape) {
    double d = 0;
    for (int s = 0; s < SEGMENTS; s++) {
      double e = shape[s] - current[s];
      d += e * e;
    }
    return d;
  }

  /**
   * The whole squared distance to the stored shape at halves {@code o..o+SEGMENTS}, summed in
   * segment order: the reference scan's sum when it does not abandon the entry, and otherwise at
   * least the best it abandoned at.
   */
  private double distanceTo(int o) {
    double d = 0;
    for (int s = 0; s < SEGMENTS; s++) {
      double e = decoded(o + s) - current[s];
      d += e * e;
    }
    return d;
  }

  /**
   * The reference scan: entries oldest first, each abandoned once its partial sum is at least the
   * best. Used only when a value is not finite, where a NaN the scan never reaches must stay out of
   * the result.
   */
  private double nearestScan(long step) {
    int now = (int) step;
    Integer[] byAge = new Integer[size];
    for (int at = 0; at < size; at++) {
      byAge[at] = at;
    }
    Arrays.sort(byAge, (x, y) -> Integer.compare(age(y, now), age(x, now)));
    double best = Double.POSITIVE_INFINITY;
    for (int at : byAge) {
      if (age(at, now) < length) {
        continue; // overlaps the current window
      }
      int o = at * SEGMENTS;
      double d = 0;
      for (int s = 0; s < SEGMENTS && d < best; s++) {
        double e = decoded(o + s) - current[s];
        d += e * e;
      }
      best = Math.min(best, d);
    }
    return best;
  }

  /** Adds the current shape, evicting the oldest when full; one move keeps the index sorted. */
  private void remember(long step, double scale) {
    if (!calibrated) {
      origin = originFor(current[0]);
      unit = unitFor(scale);
      calibrated = true;
    }
    ensureRoom();
    for (int s = 0; s < SEGMENTS; s++) {
      encoded[s] = encode(current[s], origin, unit);
    }
    float key = decode(encoded[0], origin, unit);
    int at = firstKeyAtLeast(key, size);
    int now = (int) step;
    if (size == capacity) {
      int old = oldest(now);
      if (!decodedFinite(old)) {
        nonFinite--;
      }
      if (seedStep != Long.MIN_VALUE && step - age(old, now) == seedStep) {
        seedStep = Long.MIN_VALUE; // the last nearest neighbour is forgotten
      }
      if (old < at) {
        at--; // entries between the old and the new place move down by one
        move(old + 1, old, at - old);
      } else {
        move(at, at + 1, old - at);
      }
    } else {
      move(at, at + 1, size - at);
      size++;
    }
    System.arraycopy(encoded, 0, sortedShapes, at * SEGMENTS, SEGMENTS);
    sortedSteps[at] = now;
    if (!decodedFinite(at)) {
      nonFinite++;
    }
  }

  /** The position of the oldest entry (the largest age). */
  private int oldest(int now) {
    int oldest = 0;
    int oldestAge = age(0, now);
    for (int at = 1; at < size; at++) {
      int age = age(at, now);
      if (age > oldestAge) {
        oldest = at;
        oldestAge = age;
      }
    }
    return oldest;
  }

  private void move(int from, int to, int count) {
    System.arraycopy(sortedShapes, from * SEGMENTS, sortedShapes, to * SEGMENTS, count * SEGMENTS);
    System.arraycopy(sortedSteps, from, sortedSteps, to, count);
  }

  /**
   * {@link #firstKeyAtLeast} over all entries, walking from {@code guess}: consecutive windows'
   * first segments differ little, so the position moves by a few entries from one step to the next.
   */
  private int firstKeyAtLeastNear(float key, int guess) {
    int at = Math.min(Math.max(guess, 0), size);
    while (at > 0 && decoded((at - 1) * SEGMENTS) >= key) {
      at--;
    }
    while (at < size && decoded(at * SEGMENTS) < key) {
      at++;
    }
    return at;
  }

  /** The first position among the first {@code count} sorted entries whose key is not below key. */
  private int firstKeyAtLeast(float key, int count) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (decoded(mid * SEGMENTS) < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private boolean decodedFinite(int at) {
    for (int s = 0; s < SEGMENTS; s++) {
      if (!Float.isFinite(decoded(at * SEGMENTS + s))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allFinite(float[] values) {
    for (int s = 0; s < SEGMENTS; s++) {
      if (!Float.isFinite(values[s])) {
        return false;
      }
    }
    return true;
  }
}
