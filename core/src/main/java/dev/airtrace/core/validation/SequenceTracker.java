package dev.airtrace.core.validation;

import dev.airtrace.core.DeviceId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Detects duplicate and missing sequence numbers per device, and counter resets.
 *
 * <p>For each device the tracker remembers the highest sequence number of the current counter epoch
 * ({@code high}), the latest event time accepted in that epoch ({@code latest}), the event time of
 * the reset that started the epoch ({@code epochStart}; none for the first epoch) and which of the
 * {@code window} numbers {@code (high - window, high]} have arrived: one bit each, so memory per
 * device is bounded by {@code window / 8} bytes plus a small constant. An observation of sequence
 * {@code s} at event time {@code t} is classified as follows:
 *
 * <ol>
 *   <li><b>first sighting</b> of the device: tracking starts at {@code s}; not a duplicate, nothing
 *       missed (what came before is unknown);
 *   <li><b>counter reset</b>: {@code s <= high} and {@code t} is later than {@code latest} by more
 *       than the {@link CounterResetRule}'s tolerance. The device restarted (reboot, firmware
 *       update, new battery): a new counter epoch starts at {@code s} as on a first sighting,
 *       counted by {@link #restartsDetected()};
 *   <li><b>{@code t < epochStart}</b> after a counter reset: a reading of an earlier counter epoch,
 *       whose numbers are no longer tracked. It is reported as a duplicate (a replay, or a
 *       straggler of the old epoch that its dead letter keeps) and counted by {@link
 *       #staleDetected()} as well as {@link #duplicatesDetected()};
 *   <li><b>{@code s > high}</b>: new; {@code missedBefore = s - high - 1} numbers were skipped and
 *       are added to {@link #gapsDetected()};
 *   <li><b>{@code high - window < s <= high}</b>: a duplicate if {@code s} was seen, otherwise a
 *       late, out-of-order arrival (not a duplicate, {@code missedBefore = 0}); if it fills a gap
 *       counted earlier it is counted by {@link #gapsFilled()};
 *   <li><b>{@code s <= high - window}</b>: too old to verify. It is reported as a duplicate (a
 *       replay, e.g. a store-and-forward resend) and counted by {@link #staleDetected()} as well as
 *       {@link #duplicatesDetected()}; the tracker's state is unchanged, so one stale message
 *       cannot disturb tracking of the live stream.
 * </ol>
 *
 * <p>A replay keeps its original event time, never later than {@code latest}, so it is a duplicate
 * (rules 3, 5 and 6) however long after the original it comes. The limits of reset detection (a
 * reboot within the tolerance, replays re-stamped with a new time) are those of {@link
 * CounterResetRule}.
 *
 * <p>Counters only grow: {@link #gapsDetected()} counts numbers found missing when a later one
 * arrived, and {@link #gapsFilled()} those of them that arrived late within the window, so the
 * numbers still missing are {@code gapsDetected() - gapsFilled()}.
 *
 * <p>Not thread-safe: use one per gateway worker, with all readings of a device on one worker.
 */
public final class SequenceTracker {
  private final int windowPerDevice;
  private final CounterResetRule resets;
  private final Set<DeviceId> changed = new HashSet<>(); // since the last exportChanged()
  private final Map<DeviceId, Window> devices = new HashMap<>();
  private long gaps;
  private long duplicates;
  private long filled;
  private long restarts;
  private long stale;

  /**
   * A tracker with the default {@link CounterResetRule}.
   *
   * @param windowPerDevice how many recent sequence numbers per device are remembered, {@code >= 1}
   */
  public SequenceTracker(int windowPerDevice) {
    this(windowPerDevice, CounterResetRule.defaults());
  }

  /**
   * @param windowPerDevice how many recent sequence numbers per device are remembered, {@code >= 1}
   * @param resets when a lower sequence number starts a new counter epoch
   */
  public SequenceTracker(int windowPerDevice, CounterResetRule resets) {
    this.resets = Objects.requireNonNull(resets, "resets");
    if (windowPerDevice < 1) {
      throw new IllegalArgumentException("windowPerDevice must be >= 1 but was " + windowPerDevice);
    }
    this.windowPerDevice = windowPerDevice;
  }

  /**
   * Records that {@code device} sent {@code sequence} stamped {@code eventTimeMillis} and
   * classifies it (see the class comment).
   *
   * @throws IllegalArgumentException when {@code sequence < 0}
   */
  public Observation observe(DeviceId device, long sequence, long eventTimeMillis) {
    Objects.requireNonNull(device, "device");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0 but was " + sequence);
    }
    changed.add(device);
    Window w = devices.get(device);
    if (w == null) {
      devices.put(device, new Window(windowPerDevice, sequence, Long.MIN_VALUE, eventTimeMillis));
      return Observation.NEW;
    }
    if (resets.startsNewEpoch(w.high, w.latest, sequence, eventTimeMillis)) {
      restarts++;
      devices.put(device, new Window(windowPerDevice, sequence, eventTimeMillis, eventTimeMillis));
      return Observation.RESTART;
    }
    if (eventTimeMillis < w.epochStart) {
      // A reading of an earlier counter epoch: its numbers are no longer tracked.
      stale++;
      duplicates++;
      return Observation.DUPLICATE;
    }
    if (sequence > w.high) {
      long missed = sequence - w.high - 1;
      gaps = saturatedAdd(gaps, missed);
      w.advanceTo(sequence, eventTimeMillis);
      return missed == 0 ? Observation.NEW : new Observation(false, missed);
    }
    if (w.high - sequence < windowPerDevice) {
      if (w.seen(sequence)) {
        duplicates++;
        return Observation.DUPLICATE;
      }
      w.mark(sequence);
      w.latest = Math.max(w.latest, eventTimeMillis);
      if (sequence > w.first) {
        filled++;
      }
      return Observation.NEW;
    }
    stale++;
    duplicates++;
    return Observation.DUPLICATE;
  }

  /** First line of {@link #export()}: the format and the window it was written with. */
  static final String EXPORT_HEADER = "airtrace-sequence-tracker/1 window=";

  /**
   * Every device's tracking state as text, for a gateway to keep across restarts: a header line,
   * then one line per device, {@code <deviceId> <high> <latest> <epochStart> <first> <bits, hex>}.
   * The counters ({@link #gapsDetected()} ...) are not part of it.
   */
  public String export() {
    StringBuilder out = new StringBuilder(EXPORT_HEADER).append(windowPerDevice).append('\n');
    devices.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(DeviceId::value)))
        .forEach(e -> appendLine(out, e.getKey(), e.getValue()));
    return out.toString();
  }

  /**
   * The devices observed since the last call, each with an {@link #export()} of that device alone
   * (header line and its line, which {@link #restore} takes), and forgets them. For a gateway that
   * stores the changes of every pass next to the pass's records instead of the whole state.
   */
  public Map<DeviceId, String> exportChanged() {
    Map<DeviceId, String> out = new HashMap<>(changed.size() * 2);
    for (DeviceId device : changed) {
      Window w = devices.get(device);
      if (w != null) {
        StringBuilder one = new StringBuilder(EXPORT_HEADER).append(windowPerDevice).append('\n');
        appendLine(one, device, w);
        out.put(device, one.toString());
      }
    }
    changed.clear();
    return out;
  }

  private static void appendLine(StringBuilder out, DeviceId device, Window w) {
    out.append(device.value())
        .append(' ')
        .append(w.high)
        .append(' ')
        .append(w.latest)
        .append(' ')
        .append(w.epochStart)
        .append(' ')
        .append(w.first)
        .append(' ');
    for (long word : w.bits) {
      out.append(String.format("%016x", word));
    }
    out.append('\n');
  }

  /**
   * Restores the devices of an {@link #export()}, replacing what this tracker knows about them, so
   * that a reading seen before the export is a duplicate after it. Written with another window
   * size, only each device's high-water mark, latest event time and counter epoch are restored: the
   * numbers below the mark count as unseen (a late arrival in the window is accepted, a replay of
   * the mark itself or of anything older than the window is still a duplicate).
   *
   * @return how many devices were restored
   * @throws IllegalArgumentException when {@code text} is no export, naming the bad line
   */
  public int restore(String text) {
    String[] lines = text.split("\n");
    if (lines.length == 0 || !lines[0].startsWith(EXPORT_HEADER)) {
      throw new IllegalArgumentException("not a sequence tracker export (first line)");
    }
    int size;
    try {
      size = Integer.parseInt(lines[0].substring(EXPORT_HEADER.length()).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("sequence tracker export: bad window in line 1", e);
    }
    int restored = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(" ");
      try {
        DeviceId device = new DeviceId(f[0]);
        long high = Long.parseLong(f[1]);
        long latest = Long.parseLong(f[2]);
        long epochStart = Long.parseLong(f[3]);
        long first = Long.parseLong(f[4]);
        Window w;
        if (size == windowPerDevice && f.length == 6) {
          w = new Window(windowPerDevice, first, epochStart, latest);
          w.high = high;
          for (int word = 0; word < w.bits.length; word++) {
            w.bits[word] = Long.parseUnsignedLong(f[5].substring(word * 16, word * 16 + 16), 16);
          }
        } else {
          w = new Window(windowPerDevice, high, epochStart, latest);
        }
        devices.put(device, w);
        restored++;
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "sequence tracker export: bad line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return restored;
  }

  /**
   * {@link #observe(DeviceId, long, long)} with every reading stamped at event time 0, so no
   * counter reset is ever detected; for tests of the sequence rules alone.
   */
  Observation observe(DeviceId device, long sequence) {
    return observe(device, sequence, 0L);
  }

  /** Sequence numbers found missing so far, over all devices (see the class comment). */
  public long gapsDetected() {
    return gaps;
  }

  /** Duplicates observed so far, over all devices. */
  public long duplicatesDetected() {
    return duplicates;
  }

  /** Numbers counted by {@link #gapsDetected()} that later arrived within the window. */
  public long gapsFilled() {
    return filled;
  }

  /** Counter resets detected (see rule 2 and {@link CounterResetRule}). */
  public long restartsDetected() {
    return restarts;
  }

  /** Numbers too old to verify, reported as duplicates (see rules 3 and 6). */
  public long staleDetected() {
    return stale;
  }

  /** How many devices are tracked. */
  public int trackedDevices() {
    return devices.size();
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < a ? Long.MAX_VALUE : r;
  }

  /**
   * What one observation found.
   *
   * @param duplicate whether the sequence number was already seen within the window, or is too old
   *     to verify; a duplicate should be dead-lettered as {@code DUPLICATE}
   * @param missedBefore sequence numbers skipped between the previous highest and this one; 0 if
   *     none, and always 0 for duplicates, out-of-order arrivals and counter resets
   * @param restart whether this reading started a new counter epoch (the device restarted)
   */
  public record Observation(boolean duplicate, long missedBefore, boolean restart) {
    static final Observation NEW = new Observation(false, 0);
    static final Observation DUPLICATE = new Observation(true, 0);
    static final Observation RESTART = new Observation(false, 0, true);

    /** Validates the fields: a duplicate neither skips numbers nor restarts the counter. */
    public Observation {
      if (missedBefore < 0) {
        throw new IllegalArgumentException("missedBefore must be >= 0 but was " + missedBefore);
      }
      if (duplicate && (missedBefore != 0 || restart)) {
        throw new IllegalArgumentException("a duplicate neither skips numbers nor restarts");
      }
    }

    /** An observation that is not a counter reset. */
    public Observation(boolean duplicate, long missedBefore) {
      this(duplicate, missedBefore, false);
    }
  }

  /** The seen-bits of {@code (high - size, high]}, as a ring indexed by sequence modulo size. */
  private static final class Window {
    private final long[] bits;
    private final int size;

    /** The sequence tracking (re)started at: arrivals below it fill no counted gap. */
    final long first;

    /**
     * The event time of the reading whose counter reset started this epoch; {@code Long.MIN_VALUE}
     * for the epoch tracking started in, which takes late arrivals of any age.
     */
    final long epochStart;

    long high;

    /** The latest event time accepted in this epoch. */
    long latest;

    Window(int size, long first, long epochStart, long eventTime) {
      this.size = size;
      this.bits = new long[(size + 63) / 64];
      this.first = first;
      this.high = first;
      this.epochStart = epochStart;
      this.latest = eventTime;
      mark(first);
    }

    boolean seen(long sequence) {
      int i = (int) (sequence % size);
      return (bits[i >>> 6] & (1L << i)) != 0;
    }

    void mark(long sequence) {
      int i = (int) (sequence % size);
      bits[i >>> 6] |= 1L << i;
    }

    void advanceTo(long sequence, long eventTime) {
      latest = Math.max(latest, eventTime);
      if (sequence - high >= size) {
        Arrays.fill(bits, 0L);
      } else {
        for (long s = high + 1; s < sequence; s++) {
          clear(s);
        }
        clear(sequence);
      }
      high = sequence;
      mark(sequence);
    }

    private void clear(long sequence) {
      int i = (int) (sequence % size);
      bits[i >>> 6] &= ~(1L << i);
    }
  }
}
