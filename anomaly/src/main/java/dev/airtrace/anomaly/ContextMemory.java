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
 * <p>Memory: the shape arrays start at {@link #INITIAL_ENTRIES} entries and double up to the
 * capacity ({@code memoryObservations / stride}); the block-average cache is allocated with the
 * first whole window. A series that has not yet filled its memory holds only what it remembered.
 */
final class ContextMemory {
  /** Piecewise averages per window. */
  static final int SEGMENTS = 8;

  /** Entries of new shape arrays; they grow by doubling up to the capacity. */
  static final int INITIAL_ENTRIES = 16;

  private final int length;
  private final int segment;
  private final int used;
  private final int stride;
  private final int capacity;

  /**
   * Remembered shapes sorted by their first segment (the search index), stored in that order so the
   * search reads them in sequence: segment {@code s} of entry {@code at} is at {@code at * SEGMENTS
   * + s}; {@code sortedSteps[at]} is the step the entry's window ends at.
   */
  private float[] sortedShapes;

  private long[] sortedSteps;

  /** By insertion slot (a ring, oldest at {@code next} once full): step and first segment. */
  private long[] steps;

  private float[] ringKeys;

  private final float[] current = new float[SEGMENTS];

  /** A copy of the last nearest neighbour's shape and its step ({@code MIN_VALUE}: none). */
  private final float[] seed = new float[SEGMENTS];

  private long seedStep = Long.MIN_VALUE;

  /** Where the last search started, the next search's first guess. */
  private int lastStart;

  /** Remembered shapes with a value that is not finite (then the search scans everything). */
  private int nonFinite;

  /**
   * Block averages by the step {@code e} of their newest value, at {@code (e % segment) * SEGMENTS
   * + (e / segment) % SEGMENTS}, with the low 32 bits of the step they belong to (every slot is
   * rewritten within {@code used} steps, so a stale slot never matches: half the bytes of a long).
   */
  private float[] blockAverages; // null until the first whole window

  private int[] blockEnds;
  private int next;
  private int size;

  ContextMemory(int length, int memoryObservations, int stride) {
    this.length = length;
    this.segment = length / SEGMENTS;
    this.used = segment * SEGMENTS;
    this.stride = stride;
    this.capacity = Math.max(1, memoryObservations / stride);
    int entries = Math.min(capacity, INITIAL_ENTRIES);
    this.sortedShapes = new float[entries * SEGMENTS];
    this.sortedSteps = new long[entries];
    this.steps = new long[entries];
    this.ringKeys = new float[entries];
  }

  /** Room for one more entry while the memory is not full (entries are then in slots 0..size-1). */
  private void ensureRoom() {
    if (size == steps.length && size < capacity) {
      int entries = Math.min(capacity, 2 * steps.length);
      sortedShapes = Arrays.copyOf(sortedShapes, entries * SEGMENTS);
      sortedSteps = Arrays.copyOf(sortedSteps, entries);
      steps = Arrays.copyOf(steps, entries);
      ringKeys = Arrays.copyOf(ringKeys, entries);
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
    if (nonFinite > 0 || !allFinite(current, 0)) {
      return nearestScan(step);
    }
    float c0 = current[0];
    long newestAllowed = step - length;
    double best = Double.POSITIVE_INFINITY;
    if (seedStep <= newestAllowed && size > 0 && seedStep >= steps[size < capacity ? 0 : next]) {
      // the last nearest neighbour, still remembered: its distance is a tight first bound
      best = distanceTo(seed, 0);
    }
    int bestAt = -1;
    int start = firstKeyAtLeastNear(c0, lastStart);
    lastStart = start;
    // upwards, then downwards: each sweep ends where the first segment alone reaches the best
    for (int at = start; at < size; at++) {
      double e = sortedShapes[at * SEGMENTS] - c0; // float difference widened, as the scan does
      if (e * e >= best) {
        break;
      }
      if (sortedSteps[at] <= newestAllowed) {
        double d = distanceTo(sortedShapes, at * SEGMENTS);
        if (d < best) {
          best = d;
          bestAt = at;
        }
      }
    }
    for (int at = start - 1; at >= 0; at--) {
      double e = sortedShapes[at * SEGMENTS] - c0;
      if (e * e >= best) {
        break;
      }
      if (sortedSteps[at] <= newestAllowed) {
        double d = distanceTo(sortedShapes, at * SEGMENTS);
        if (d < best) {
          best = d;
          bestAt = at;
        }
      }
    }
    if (bestAt >= 0) {
      System.arraycopy(sortedShapes, bestAt * SEGMENTS, seed, 0, SEGMENTS);
      seedStep = sortedSteps[bestAt];
    }
    return best;
  }

  /**
   * The whole squared distance to the shape at {@code shapes[o..o+SEGMENTS)}, summed in segment
   * order: the reference scan's sum when it does not abandon the entry, and otherwise at least the
   * best it abandoned at.
   */
  private double distanceTo(float[] shapes, int o) {
    double d = 0;
    for (int s = 0; s < SEGMENTS; s++) {
      double e = shapes[o + s] - current[s];
      d += e * e;
    }
    return d;
  }

  /**
   * The reference scan: entries in insertion-slot order, each abandoned once its partial sum is at
   * least the best. Used only when a value is not finite, where a NaN the scan never reaches must
   * stay out of the result.
   */
  private double nearestScan(long step) {
    Integer[] byAge = new Integer[size];
    for (int at = 0; at < size; at++) {
      byAge[at] = at;
    }
    Arrays.sort(byAge, (x, y) -> Long.compare(sortedSteps[x], sortedSteps[y]));
    int oldest = size < capacity ? 0 : next;
    double best = Double.POSITIVE_INFINITY;
    for (int slot = 0; slot < size; slot++) {
      int at = byAge[slot >= oldest ? slot - oldest : slot - oldest + capacity];
      if (sortedSteps[at] > step - length) {
        continue; // overlaps the current window
      }
      int o = at * SEGMENTS;
      double d = 0;
      for (int s = 0; s < SEGMENTS && d < best; s++) {
        double e = sortedShapes[o + s] - current[s];
        d += e * e;
      }
      best = Math.min(best, d);
    }
    return best;
  }

  /** Adds the current shape, evicting the oldest when full; one move keeps the index sorted. */
  private void remember(long step) {
    ensureRoom();
    float key = current[0];
    int at = firstKeyAtLeast(key, size);
    if (size == capacity) {
      int old = positionOf(ringKeys[next], steps[next]);
      if (!allFinite(sortedShapes, old * SEGMENTS)) {
        nonFinite--;
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
    System.arraycopy(current, 0, sortedShapes, at * SEGMENTS, SEGMENTS);
    sortedSteps[at] = step;
    if (!allFinite(current, 0)) {
      nonFinite++;
    }
    steps[next] = step;
    ringKeys[next] = key;
    if (++next == capacity) {
      next = 0;
    }
  }

  private void move(int from, int to, int count) {
    System.arraycopy(sortedShapes, from * SEGMENTS, sortedShapes, to * SEGMENTS, count * SEGMENTS);
    System.arraycopy(sortedSteps, from, sortedSteps, to, count);
  }

  /** The sorted position of the entry with first segment {@code key} and step {@code step}. */
  private int positionOf(float key, long step) {
    int at = firstKeyAtLeast(key, size);
    while (at < size && sortedSteps[at] != step) {
      at++;
    }
    if (at == size) {
      // not reached: keys are never NaN (finite values give finite or infinite averages)
      at = 0;
      while (sortedSteps[at] != step) {
        at++;
      }
    }
    return at;
  }

  /**
   * {@link #firstKeyAtLeast} over all entries, walking from {@code guess}: consecutive windows'
   * first segments differ little, so the position moves by a few entries from one step to the next.
   */
  private int firstKeyAtLeastNear(float key, int guess) {
    int at = Math.min(Math.max(guess, 0), size);
    while (at > 0 && sortedShapes[(at - 1) * SEGMENTS] >= key) {
      at--;
    }
    while (at < size && sortedShapes[at * SEGMENTS] < key) {
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
      if (sortedShapes[mid * SEGMENTS] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
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
