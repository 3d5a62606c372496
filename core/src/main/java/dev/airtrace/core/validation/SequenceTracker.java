package dev.airtrace.core.validation;

import dev.airtrace.core.DeviceId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Detects duplicate and missing sequence numbers per device.
 *
 * <p>For each device the tracker remembers the highest sequence number seen ({@code high}) and
 * which of the {@code window} numbers {@code (high - window, high]} have arrived: one bit each, so
 * memory per device is bounded by {@code window / 8} bytes plus a small constant. An observation of
 * sequence {@code s} is classified as follows:
 *
 * <ol>
 *   <li><b>first sighting</b> of the device: tracking starts at {@code s}; not a duplicate, nothing
 *       missed (what came before is unknown);
 *   <li><b>{@code s > high}</b>: new; {@code missedBefore = s - high - 1} numbers were skipped and
 *       are added to {@link #gapsDetected()};
 *   <li><b>{@code high - window < s <= high}</b>: a duplicate if {@code s} was seen, otherwise a
 *       late, out-of-order arrival (not a duplicate, {@code missedBefore = 0}); if it fills a gap
 *       counted earlier it is counted by {@link #gapsFilled()};
 *   <li><b>{@code s <= high - window} and {@code s < window}</b>: the counter dropped by more than
 *       the window to near zero, so the device restarted (reboot, firmware update, new battery).
 *       Tracking restarts at {@code s} as on a first sighting, counted by {@link
 *       #restartsDetected()};
 *   <li><b>{@code s <= high - window} and {@code s >= window}</b>: too old to verify. It is
 *       reported as a duplicate (a replay, e.g. a store-and-forward resend) and counted by {@link
 *       #staleDetected()} as well as {@link #duplicatesDetected()}; the tracker's state is
 *       unchanged, so one stale message cannot disturb tracking of the live stream.
 * </ol>
 *
 * <p>Known limitation: a restart is recognised only once the old high lies more than a window above
 * the new counter. A device that restarts soon after an earlier start (it sent 0..5, rebooted,
 * sends 0 again; window 8) looks like duplicates until its counter passes the old high. Size the
 * window to a few minutes of readings, not hours.
 *
 * <p>Counters only grow: {@link #gapsDetected()} counts numbers found missing when a later one
 * arrived, and {@link #gapsFilled()} those of them that arrived late within the window, so the
 * numbers still missing are {@code gapsDetected() - gapsFilled()}.
 *
 * <p>Not thread-safe: use one per gateway worker, with all readings of a device on one worker.
 */
public final class SequenceTracker {
  private final int windowPerDevice;
  private final Map<DeviceId, Window> devices = new HashMap<>();
  private long gaps;
  private long duplicates;
  private long filled;
  private long restarts;
  private long stale;

  /**
   * @param windowPerDevice how many recent sequence numbers per device are remembered, {@code >= 1}
   */
  public SequenceTracker(int windowPerDevice) {
    if (windowPerDevice < 1) {
      throw new IllegalArgumentException("windowPerDevice must be >= 1 but was " + windowPerDevice);
    }
    this.windowPerDevice = windowPerDevice;
  }

  /**
   * Records that {@code device} sent {@code sequence} and classifies it (see the class comment).
   *
   * @throws IllegalArgumentException when {@code sequence < 0}
   */
  public Observation observe(DeviceId device, long sequence) {
    Objects.requireNonNull(device, "device");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0 but was " + sequence);
    }
    Window w = devices.get(device);
    if (w == null) {
      devices.put(device, new Window(windowPerDevice, sequence));
      return Observation.NEW;
    }
    if (sequence > w.high) {
      long missed = sequence - w.high - 1;
      gaps = saturatedAdd(gaps, missed);
      w.advanceTo(sequence);
      return missed == 0 ? Observation.NEW : new Observation(false, missed);
    }
    if (w.high - sequence < windowPerDevice) {
      if (w.seen(sequence)) {
        duplicates++;
        return Observation.DUPLICATE;
      }
      w.mark(sequence);
      if (sequence > w.first) {
        filled++;
      }
      return Observation.NEW;
    }
    if (sequence < windowPerDevice) {
      restarts++;
      devices.put(device, new Window(windowPerDevice, sequence));
      return Observation.NEW;
    }
    stale++;
    duplicates++;
    return Observation.DUPLICATE;
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

  /** Times a device's counter dropped by more than the window to near zero (see rule 4). */
  public long restartsDetected() {
    return restarts;
  }

  /** Numbers too old to verify, reported as duplicates (see rule 5). */
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
   *     none, and always 0 for duplicates and out-of-order arrivals
   */
  public record Observation(boolean duplicate, long missedBefore) {
    static final Observation NEW = new Observation(false, 0);
    static final Observation DUPLICATE = new Observation(true, 0);

    public Observation {
      if (missedBefore < 0) {
        throw new IllegalArgumentException("missedBefore must be >= 0 but was " + missedBefore);
      }
    }
  }

  /** The seen-bits of {@code (high - size, high]}, as a ring indexed by sequence modulo size. */
  private static final class Window {
    private final long[] bits;
    private final int size;

    /** The sequence tracking (re)started at: arrivals below it fill no counted gap. */
    final long first;

    long high;

    Window(int size, long first) {
      this.size = size;
      this.bits = new long[(size + 63) / 64];
      this.first = first;
      this.high = first;
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

    void advanceTo(long sequence) {
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
