package dev.airtrace.processor;

import java.util.Arrays;

/**
 * A set of sequence numbers seen from one device, kept as sorted, disjoint, non-adjacent intervals
 * {@code [lo, hi]}, each with the oldest and newest event time of the readings it covers. A device
 * counting up without gaps costs one interval however many readings it sent; out-of-order arrivals
 * open a gap that closes (and merges the two intervals) when the missing number arrives.
 *
 * <p>The times make the set forgetful in event time: {@link #pruneOlderThan} drops the intervals
 * whose newest reading is older than a cut-off, and {@link #seen} matches an interval only if its
 * time span overlaps the window asked about. Because a merged interval keeps only its time span, a
 * number is remembered as long as its interval's newest reading is within the retention, which can
 * be longer than the number's own reading (never shorter).
 *
 * <p>Mutable and not thread-safe: the de-duplication reads a device's value from its store, changes
 * it and writes it back within one {@code process} call.
 */
final class SequenceIntervals {
  private int n;
  private long[] lo;
  private long[] hi;
  private long[] first;
  private long[] last;

  SequenceIntervals() {
    this(2);
  }

  private SequenceIntervals(int capacity) {
    lo = new long[capacity];
    hi = new long[capacity];
    first = new long[capacity];
    last = new long[capacity];
  }

  /** Number of intervals. */
  int size() {
    return n;
  }

  long lo(int i) {
    return lo[i];
  }

  long hi(int i) {
    return hi[i];
  }

  long first(int i) {
    return first[i];
  }

  long last(int i) {
    return last[i];
  }

  /** Index of the interval containing {@code seq}, or -1. */
  int indexOf(long seq) {
    int a = 0;
    int b = n - 1;
    while (a <= b) {
      int m = (a + b) >>> 1;
      if (hi[m] < seq) {
        a = m + 1;
      } else if (lo[m] > seq) {
        b = m - 1;
      } else {
        return m;
      }
    }
    return -1;
  }

  /**
   * Whether {@code seq} is in the set with an interval whose event-time span {@code [first, last]}
   * overlaps {@code [fromMs, toMs]}.
   */
  boolean seen(long seq, long fromMs, long toMs) {
    int i = indexOf(seq);
    return i >= 0 && first[i] <= toMs && last[i] >= fromMs;
  }

  /** Adds the reading {@code seq} stamped {@code eventTimeMs}. */
  void add(long seq, long eventTimeMs) {
    insert(seq, seq, eventTimeMs, eventTimeMs);
  }

  /** Adds every interval of {@code other} (a union; overlapping intervals merge). */
  void addAll(SequenceIntervals other) {
    for (int i = 0; i < other.n; i++) {
      insert(other.lo[i], other.hi[i], other.first[i], other.last[i]);
    }
  }

  /** Removes every interval. */
  void clear() {
    n = 0;
  }

  /**
   * Inserts {@code [l, h]} with time span {@code [f, t]}, merging every interval it overlaps or
   * touches (their numbers and time spans are joined).
   */
  void insert(long l, long h, long f, long t) {
    // the intervals to merge form one run [from, to): those with lo <= h + 1 and hi >= l - 1
    int from = 0;
    while (from < n && hi[from] < l - 1) {
      from++;
    }
    int to = from;
    while (to < n && lo[to] <= h + 1) {
      l = Math.min(l, lo[to]);
      h = Math.max(h, hi[to]);
      f = Math.min(f, first[to]);
      t = Math.max(t, last[to]);
      to++;
    }
    int removed = to - from;
    if (removed == 0) {
      ensure(n + 1);
      shift(from, from + 1, n - from);
      n++;
    } else if (removed > 1) {
      shift(to, from + 1, n - to);
      n -= removed - 1;
    }
    lo[from] = l;
    hi[from] = h;
    first[from] = f;
    last[from] = t;
  }

  /** Drops the intervals whose newest reading is older than {@code cutoffMs}; returns how many. */
  int pruneOlderThan(long cutoffMs) {
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (last[i] >= cutoffMs) {
        lo[kept] = lo[i];
        hi[kept] = hi[i];
        first[kept] = first[i];
        last[kept] = last[i];
        kept++;
      }
    }
    int dropped = n - kept;
    n = kept;
    return dropped;
  }

  /**
   * Drops the intervals with the oldest newest reading until at most {@code max} are left; returns
   * how many were dropped.
   */
  int capAt(int max) {
    int dropped = 0;
    while (n > max) {
      int oldest = 0;
      for (int i = 1; i < n; i++) {
        if (last[i] < last[oldest]) {
          oldest = i;
        }
      }
      shift(oldest + 1, oldest, n - oldest - 1);
      n--;
      dropped++;
    }
    return dropped;
  }

  private void shift(int src, int dst, int len) {
    System.arraycopy(lo, src, lo, dst, len);
    System.arraycopy(hi, src, hi, dst, len);
    System.arraycopy(first, src, first, dst, len);
    System.arraycopy(last, src, last, dst, len);
  }

  private void ensure(int capacity) {
    if (capacity > lo.length) {
      int c = Math.max(capacity, lo.length * 2);
      lo = Arrays.copyOf(lo, c);
      hi = Arrays.copyOf(hi, c);
      first = Arrays.copyOf(first, c);
      last = Arrays.copyOf(last, c);
    }
  }

  /** Writes the count, then per interval lo, hi, first and last as 8-byte longs. */
  void write(BinaryState.Writer out) {
    out.varint(n);
    for (int i = 0; i < n; i++) {
      out.fixed64(lo[i]).fixed64(hi[i]).fixed64(first[i]).fixed64(last[i]);
    }
  }

  /** Reads what {@link #write} wrote; fails unless the intervals are sorted and disjoint. */
  static SequenceIntervals read(BinaryState.Reader in) {
    int count = in.count();
    SequenceIntervals s = new SequenceIntervals(Math.max(2, count));
    for (int i = 0; i < count; i++) {
      long l = in.fixed64();
      long h = in.fixed64();
      long f = in.fixed64();
      long t = in.fixed64();
      if (h < l || f > t || (i > 0 && l <= s.hi[i - 1] + 1)) {
        throw new IllegalArgumentException("sequence intervals not sorted and disjoint at " + i);
      }
      s.lo[i] = l;
      s.hi[i] = h;
      s.first[i] = f;
      s.last[i] = t;
      s.n++;
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SequenceIntervals other) || other.n != n) {
      return false;
    }
    return Arrays.equals(lo, 0, n, other.lo, 0, n)
        && Arrays.equals(hi, 0, n, other.hi, 0, n)
        && Arrays.equals(first, 0, n, other.first, 0, n)
        && Arrays.equals(last, 0, n, other.last, 0, n);
  }

  @Override
  public int hashCode() {
    int h = n;
    for (int i = 0; i < n; i++) {
      h = 31 * h + Long.hashCode(lo[i]);
      h = 31 * h + Long.hashCode(hi[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(lo[i]).append("..").append(hi[i]).append('@').append(first[i]).append("..");
      b.append(last[i]);
    }
    return b.append(']').toString();
  }
}
