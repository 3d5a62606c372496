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
 */
final class ContextMemory {
  /** Piecewise averages per window. */
  static final int SEGMENTS = 8;

  private final int length;
  private final int segment;
  private final int used;
  private final int stride;
  private final int capacity;

  /** Remembered shapes by slot: segment {@code s} of slot {@code i} at {@code i * SEGMENTS + s}. */
  private final float[] shapes;

  private final long[] steps;
  private final float[] current = new float[SEGMENTS];

  /** The slots' first segments, ascending, and the slot of each (the search index). */
  private final float[] keys;

  private final int[] order;

  /** The step of each sorted entry, so the search reads them in sequence. */
  private final long[] keySteps;

  /** Remembered shapes with a value that is not finite (then the search scans everything). */
  private int nonFinite;

  /** The slot of the last nearest neighbour found, tried first by the next search; -1 if none. */
  private int lastBest = -1;

  /**
   * Block averages by the step {@code e} of their newest value, at {@code (e % segment) * SEGMENTS
   * + (e / segment) % SEGMENTS}, with the step they belong to.
   */
  private final float[] blockAverages;

  private final long[] blockEnds;
  private int next;
  private int size;

  ContextMemory(int length, int memoryObservations, int stride) {
    this.length = length;
    this.segment = length / SEGMENTS;
    this.used = segment * SEGMENTS;
    this.stride = stride;
    this.capacity = Math.max(1, memoryObservations / stride);
    this.shapes = new float[capacity * SEGMENTS];
    this.steps = new long[capacity];
    this.keys = new float[capacity];
    this.order = new int[capacity];
    this.keySteps = new long[capacity];
    this.blockAverages = new float[Math.max(1, used)];
    this.blockEnds = new long[Math.max(1, used)];
    Arrays.fill(blockEnds, Long.MIN_VALUE);
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
      remember(step);
    }
    return best == Double.POSITIVE_INFINITY ? 0 : Math.sqrt(best / SEGMENTS) / scale;
  }

  /**
   * The average of the {@code segment} values ending at step {@code end}, summed oldest first
   * ({@code newest} is step {@code step}, the window holds the steps before it); {@code slot} is
   * {@code end}'s place in the cache.
   */
  private float blockAverage(RingWindow window, double newest, long step, long end, int slot) {
    if (blockEnds[slot] == end) {
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
    blockEnds[slot] = end;
    return average;
  }

  /**
   * The smallest squared distance over the entries that do not overlap the current window. Visits
   * entries outward from the current first segment in key order and stops a direction once the
   * first segment alone is at least the best distance: further entries on that side differ more in
   * that segment, and a distance (a rounded sum of non-negative squares) is never below one of its
   * terms, so they cannot be nearer. The result equals the full scan's (the minimum is exact).
   */
  private double nearest(long step) {
    float c0 = current[0];
    if (nonFinite > 0 || !allFinite(current)) {
      return nearestScan(step);
    }
    long newestAllowed = step - length;
    double best = Double.POSITIVE_INFINITY;
    if (lastBest >= 0 && lastBest < size && steps[lastBest] <= newestAllowed) {
      best = distance(lastBest, best); // a likely near neighbour first tightens the bound early
    }
    int start = firstKeyAtLeast(c0);
    int bestSlot = -1;
    // upwards, then downwards: each sweep ends where the first segment alone reaches the best
    for (int at = start; at < size; at++) {
      double e = keys[at] - c0;
      if (e * e >= best) {
        break;
      }
      if (keySteps[at] <= newestAllowed) {
        int slot = order[at];
        double d = fullDistance(slot);
        if (d < best) {
          best = d;
          bestSlot = slot;
        }
      }
    }
    for (int at = start - 1; at >= 0; at--) {
      double e = keys[at] - c0;
      if (e * e >= best) {
        break;
      }
      if (keySteps[at] <= newestAllowed) {
        int slot = order[at];
        double d = fullDistance(slot);
        if (d < best) {
          best = d;
          bestSlot = slot;
        }
      }
    }
    if (bestSlot >= 0) {
      lastBest = bestSlot;
    }
    return best;
  }

  /** Entry {@code slot}'s squared distance, summed in segment order; stops once at least bound. */
  private double distance(int slot, double bound) {
    int o = slot * SEGMENTS;
    double d = 0;
    for (int s = 0; s < SEGMENTS && d < bound; s++) {
      double e = shapes[o + s] - current[s]; // float difference widened, as the scan computes it
      d += e * e;
    }
    return d;
  }

  /**
   * Entry {@code slot}'s whole squared distance: the scan's sum when it does not abandon, and
   * otherwise at least the best it abandoned at, so the minimum is the same.
   */
  private double fullDistance(int slot) {
    int o = slot * SEGMENTS;
    double d = 0;
    for (int s = 0; s < SEGMENTS; s++) {
      double e = shapes[o + s] - current[s];
      d += e * e;
    }
    return d;
  }

  /** The reference scan over all entries in slot order; used when a value is not finite. */
  private double nearestScan(long step) {
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      if (steps[i] > step - length) {
        continue; // overlaps the current window
      }
      best = Math.min(best, distance(i, best));
    }
    return best;
  }

  private void remember(long step) {
    if (size == capacity) {
      removeKey(next);
      if (!allFinite(shapes, next * SEGMENTS)) {
        nonFinite--;
      }
    }
    System.arraycopy(current, 0, shapes, next * SEGMENTS, SEGMENTS);
    steps[next] = step;
    if (!allFinite(current)) {
      nonFinite++;
    }
    int count = size == capacity ? size - 1 : size;
    int at = firstKeyAtLeast(current[0], count);
    System.arraycopy(keys, at, keys, at + 1, count - at);
    System.arraycopy(order, at, order, at + 1, count - at);
    System.arraycopy(keySteps, at, keySteps, at + 1, count - at);
    keys[at] = current[0];
    order[at] = next;
    keySteps[at] = step;
    if (++next == capacity) {
      next = 0;
    }
    size = Math.min(size + 1, capacity);
  }

  private void removeKey(int slot) {
    int at = 0;
    while (order[at] != slot) {
      at++;
    }
    System.arraycopy(keys, at + 1, keys, at, size - 1 - at);
    System.arraycopy(order, at + 1, order, at, size - 1 - at);
    System.arraycopy(keySteps, at + 1, keySteps, at, size - 1 - at);
  }

  private int firstKeyAtLeast(float key) {
    return firstKeyAtLeast(key, size);
  }

  /** The first position among the first {@code count} sorted keys whose key is not below key. */
  private int firstKeyAtLeast(float key, int count) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static boolean allFinite(float[] values) {
    return allFinite(values, 0);
  }

  private static boolean allFinite(float[] values, int from) {
    for (int s = 0; s < SEGMENTS; s++) {
      if (!Float.isFinite(values[from + s])) {
        return false;
      }
    }
    return true;
  }
}
