package dev.airtrace.anomaly;

/**
 * A series' memory of the long windows ("contexts") it has shown: piecewise-aggregate summaries of
 * past windows, and the distance from the current window to its nearest remembered neighbour. It is
 * a causal discord score: large when the series does something it has not done within the memory,
 * for example a daily cycle that fails to rise, which looks ordinary inside a short model window.
 * Windows overlapping the current one are excluded, so a slowly changing series does not match
 * itself. Not thread-safe.
 */
final class ContextMemory {
  /** Piecewise averages per window. */
  static final int SEGMENTS = 8;

  private final int length;
  private final int stride;
  private final int capacity;
  private final float[] shapes;
  private final long[] steps;
  private final float[] current = new float[SEGMENTS];
  private int next;
  private int size;

  ContextMemory(int length, int memoryObservations, int stride) {
    this.length = length;
    this.stride = stride;
    this.capacity = Math.max(1, memoryObservations / stride);
    this.shapes = new float[capacity * SEGMENTS];
    this.steps = new long[capacity];
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
    int segment = length / SEGMENTS;
    int used = segment * SEGMENTS;
    for (int s = 0; s < SEGMENTS; s++) {
      double sum = 0;
      for (int k = 0; k < segment; k++) {
        int back = used - 1 - (s * segment + k); // 0 = newest
        sum += back == 0 ? newest : window.back(back - 1);
      }
      current[s] = (float) (sum / segment);
    }
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      if (steps[i] > step - length) {
        continue; // overlaps the current window
      }
      int o = i * SEGMENTS;
      double d = 0;
      for (int s = 0; s < SEGMENTS && d < best; s++) {
        double e = shapes[o + s] - current[s];
        d += e * e;
      }
      best = Math.min(best, d);
    }
    if (step % stride == 0) {
      System.arraycopy(current, 0, shapes, next * SEGMENTS, SEGMENTS);
      steps[next] = step;
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    }
    return best == Double.POSITIVE_INFINITY ? 0 : Math.sqrt(best / SEGMENTS) / scale;
  }
}
