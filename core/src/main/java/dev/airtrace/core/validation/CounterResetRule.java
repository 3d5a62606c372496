package dev.airtrace.core.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * The one definition of a device's sequence-counter reset (reboot, firmware update, new battery),
 * shared by the gateway's {@link SequenceTracker} and the stream processor's de-duplication so the
 * two can never disagree about which readings start a new counter epoch.
 *
 * <p>A reading whose sequence number is not above the device's high-water mark starts a new counter
 * epoch when its event time is later than the device's latest accepted event time by more than
 * {@link #tolerance()}. A replay keeps its original event time, which is never later than the
 * latest accepted one, so a replay is still a duplicate however old it is.
 *
 * <p>What the rule cannot tell apart:
 *
 * <ul>
 *   <li>a device that restarts within {@code tolerance} of its last reading (its first readings of
 *       the new epoch look like duplicates until its counter passes the old high-water mark);
 *   <li>a replay that was re-stamped with a new event time (a payload without its own time gets the
 *       gateway's receive time) looks like a reset once it arrives more than {@code tolerance}
 *       after the device's latest reading;
 *   <li>a device whose clock jumps forward by more than {@code tolerance} while its counter goes
 *       back is always taken for a reset, which is what it most likely is.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param tolerance how much later than the latest accepted reading a lower sequence number must be
 *     stamped to count as a reset; absorbs device clock jitter, {@code >= 0}
 */
public record CounterResetRule(Duration tolerance) {
  /**
   * Default tolerance: 60 seconds. Longer than a device's clock jitter and NTP steps, shorter than
   * a reboot plus the first reading interval of most sensors (see the limits in the class comment).
   */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(60);

  /** Longest accepted tolerance; keeps millisecond arithmetic far from overflow. */
  public static final Duration MAX_TOLERANCE = Duration.ofDays(365);

  /** Validates the tolerance. */
  public CounterResetRule {
    Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative() || tolerance.compareTo(MAX_TOLERANCE) > 0) {
      throw new IllegalArgumentException(
          "tolerance must be in [0, " + MAX_TOLERANCE + "] but was " + tolerance);
    }
  }

  /** The rule with {@link #DEFAULT_TOLERANCE}. */
  public static CounterResetRule defaults() {
    return new CounterResetRule(DEFAULT_TOLERANCE);
  }

  /**
   * Whether a reading ({@code sequence}, {@code eventTimeMillis}) starts a new counter epoch for a
   * device whose current epoch has reached {@code highSequence}, with latest accepted event time
   * {@code latestEventTimeMillis}.
   */
  public boolean startsNewEpoch(
      long highSequence, long latestEventTimeMillis, long sequence, long eventTimeMillis) {
    return sequence <= highSequence
        && eventTimeMillis > saturatedAdd(latestEventTimeMillis, tolerance.toMillis());
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }
}
