package dev.airtrace.core.lifecycle;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * What a loop thread does after a round of its {@link ServiceLoop}: {@link #none()} for loops that
 * already wait inside their round (a queue poll or a Kafka poll with a timeout, which sets their
 * latency), {@link #park(Duration)} for loops that need a pause between empty rounds (a periodic
 * rescan, a retry after a failed round).
 *
 * <p>Called on the loop thread only. A parked thread wakes early when the runner is asked to stop
 * or interrupted, so a stop never waits out an idle period.
 */
@FunctionalInterface
public interface IdleStrategy {

  /**
   * Idles after a round.
   *
   * @param workCount what the round returned (never {@link ServiceLoop#DONE})
   */
  void idle(int workCount);

  /** Never waits: the loop's own poll timeout is its idle period. */
  static IdleStrategy none() {
    return workCount -> {};
  }

  /**
   * After a round that did nothing ({@code workCount == 0}) parks the thread for {@code period}, or
   * until the runner is asked to stop or interrupted; after a round that did work, goes straight
   * on.
   */
  static IdleStrategy park(Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("idle period must be positive but was " + period);
    }
    long nanos = period.toNanos();
    return workCount -> {
      if (workCount == 0) {
        LockSupport.parkNanos(nanos);
      }
    };
  }
}
