package dev.airtrace.processor;

/**
 * All the de-duplication state of one device, one value of {@link
 * SiteAqiTopology#DEDUP_DEVICE_STORE}: its current counter epoch ({@link CounterEpoch}), the
 * sequence numbers seen in that epoch and those seen in earlier epochs, each as {@link
 * SequenceIntervals}. Earlier epochs share one set: a reading stamped before the current epoch's
 * start is compared with every number seen before that start, as the pair store of the previous
 * version did.
 *
 * <p>Mutable and not thread-safe (see {@link SequenceIntervals}).
 */
final class DeviceDedupState {
  /** Format byte of the binary store value (see {@link BinaryState}). */
  static final int FORMAT = 0xB4;

  private CounterEpoch epoch;
  private final SequenceIntervals current;
  private final SequenceIntervals earlier;

  private DeviceDedupState(
      CounterEpoch epoch, SequenceIntervals current, SequenceIntervals earlier) {
    this.epoch = epoch;
    this.current = current;
    this.earlier = earlier;
  }

  /** A device's state after its first reading. */
  static DeviceDedupState first(long sequence, long eventTimeMs) {
    DeviceDedupState s =
        new DeviceDedupState(
            CounterEpoch.first(sequence, eventTimeMs),
            new SequenceIntervals(),
            new SequenceIntervals());
    s.current.add(sequence, eventTimeMs);
    return s;
  }

  CounterEpoch epoch() {
    return epoch;
  }

  SequenceIntervals current() {
    return current;
  }

  SequenceIntervals earlier() {
    return earlier;
  }

  /**
   * Starts the epoch that a counter reset at ({@code sequence}, {@code eventTimeMs}) begins: what
   * the ending epoch saw joins the earlier epochs' numbers.
   */
  void startEpoch(long sequence, long eventTimeMs) {
    earlier.addAll(current);
    current.clear();
    epoch = CounterEpoch.startingAt(sequence, eventTimeMs);
    current.add(sequence, eventTimeMs);
  }

  /**
   * Accepts a reading of the current epoch; its number is remembered only if {@code remember} (a
   * reading older than the retention moves the epoch's marks but is not kept).
   */
  void acceptCurrent(long sequence, long eventTimeMs, boolean remember) {
    epoch = epoch.accept(sequence, eventTimeMs);
    if (remember) {
      current.add(sequence, eventTimeMs);
    }
  }

  /** Accepts a late reading of an earlier epoch (stamped before the current epoch's start). */
  void acceptEarlier(long sequence, long eventTimeMs) {
    earlier.add(sequence, eventTimeMs);
  }

  /**
   * Forgets the intervals whose newest reading is older than {@code cutoffMs} and keeps at most
   * {@code maxIntervals} per set (dropping the oldest first); returns how many intervals the cap
   * dropped.
   */
  int prune(long cutoffMs, int maxIntervals) {
    current.pruneOlderThan(cutoffMs);
    earlier.pruneOlderThan(cutoffMs);
    return current.capAt(maxIntervals) + earlier.capAt(maxIntervals);
  }

  /**
   * Binary (format {@value #FORMAT}): the epoch's high, latest and start as 8-byte longs, then the
   * current epoch's intervals and the earlier epochs' ({@link SequenceIntervals#write}).
   */
  static byte[] encode(DeviceDedupState s) {
    BinaryState.Writer out =
        new BinaryState.Writer(FORMAT, 27 + 32 * (s.current.size() + s.earlier.size()))
            .fixed64(s.epoch.high())
            .fixed64(s.epoch.latestMs())
            .fixed64(s.epoch.startMs());
    s.current.write(out);
    s.earlier.write(out);
    return out.toByteArray();
  }

  /** Reads {@link #encode}'s value. */
  static DeviceDedupState decode(byte[] bytes) {
    BinaryState.Reader in = new BinaryState.Reader(bytes, FORMAT);
    CounterEpoch e = new CounterEpoch(in.fixed64(), in.fixed64(), in.fixed64());
    SequenceIntervals current = SequenceIntervals.read(in);
    SequenceIntervals earlier = SequenceIntervals.read(in);
    in.end();
    return new DeviceDedupState(e, current, earlier);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceDedupState s
        && s.epoch.equals(epoch)
        && s.current.equals(current)
        && s.earlier.equals(earlier);
  }

  @Override
  public int hashCode() {
    return epoch.hashCode() * 31 + current.hashCode();
  }

  @Override
  public String toString() {
    return "DeviceDedupState[" + epoch + ", current=" + current + ", earlier=" + earlier + "]";
  }
}
