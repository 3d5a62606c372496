package dev.airtrace.anomaly;

/** The most recent raw values of one series, oldest overwritten first. Not thread-safe. */
final class RingWindow {
  private final double[] values;
  private int next;
  private int size;

  RingWindow(int capacity) {
    this.values = new double[capacity];
  }

  void push(double x) {
    values[next] = x;
    if (++next == values.length) {
      next = 0;
    }
    if (size < values.length) {
      size++;
    }
  }

  int size() {
    return size;
  }

  int capacity() {
    return values.length;
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
      i += values.length;
    }
    double sum = 0;
    for (int k = 0; k < count; k++) {
      sum += values[i];
      if (++i == values.length) {
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
    return values[i < 0 ? i + values.length : i];
  }
}
