package dev.airtrace.nab;

import java.util.Arrays;

/**
 * Parallel primitive columns that grow while a file is read, so 365k rows need no boxing. Not
 * thread-safe; owned by one reader call.
 */
final class GrowingArrays {
  private long[] longs = new long[1024];
  private double[] doubles = new double[1024];
  private int size;

  void add(long longValue, double doubleValue) {
    if (size == longs.length) {
      longs = Arrays.copyOf(longs, size * 2);
      doubles = Arrays.copyOf(doubles, size * 2);
    }
    longs[size] = longValue;
    doubles[size] = doubleValue;
    size++;
  }

  int size() {
    return size;
  }

  long[] longs() {
    return Arrays.copyOf(longs, size);
  }

  double[] doubles() {
    return Arrays.copyOf(doubles, size);
  }
}
