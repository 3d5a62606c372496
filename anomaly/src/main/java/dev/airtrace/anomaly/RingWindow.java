package dev.airtrace.anomaly;

/**
 * The most recent raw values of one series, oldest overwritten first. The array starts at {@link
 * #INITIAL_CAPACITY} values and doubles until it holds {@code capacity}, so a young series does not
 * carry a full window of zeros. Not thread-safe.
 */
final class RingWindow {
  /** Values of a new window's array; it grows by doubling up to the capacity. */
  static final int INITIAL_CAPACITY = 32;

  private final int capacity;
  private double[] values;
  private int next;
  private int size;

  RingWindow(int capacity) {
    this.capacity = capacity;
    this.values = new double[Math.min(capacity, INITIAL_CAPACITY)];
  }

  void push(double x) {
    if (size == values.length && size < capacity) {
      // not yet wrapped (next == size): a longer copy keeps the order
      values = java.util.Arrays.copyOf(values, Math.min(capacity, 2 * values.length));
    }
    values[next] = x;
    if (++next == capacity) {
      next = 0;
    }
    if (size < capacity) {
      size++;
    }
  }

  int size() {
    return size;
  }

  int capacity() {
    return capacity;
  }

  /**
   * {@code 0 + back(oldestBack) + back(oldestBack - 1) + ...}, {@code count} values summed oldest
   * first, left to right (the order fixes the rounding); requires {@code oldestBack < size()} and
   * {@code count <= oldestBack + 1}.
   */
  double sumOldestFirst(int oldestBack, int count) {
    if (count < 0 || oldestBack >= size || count > oldestBack + 1) {
      throw new IndexOutOfBoundsException("sum of " + count + " from back " + oldestBack);
    }
    int i = next - 1 - oldestBack;
    if (i < 0) {
      i += capacity;
    }
    double sum = 0;
    for (int k = 0; k < count; k++) {
      sum += values[i];
      if (++i == capacity) {
        i = 0;
      }
    }
    return sum;
  }

  /** The value {@code back} steps before the newest (0 = newest); {@code back < size()}. */
  double back(int back) {
    if (back < 0 || back >= size) {
      throw new IndexOutOfBoundsException("back " + back + " of " + size);
    }
    int i = next - 1 - back;
    return values[i < 0 ? i + capacity : i];
  }
}
