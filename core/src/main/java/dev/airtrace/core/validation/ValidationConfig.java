package dev.airtrace.core.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * How far a reading's event time may stray from the gateway's clock before {@link ReadingValidator}
 * rejects it.
 *
 * @param maxFutureSkew how far ahead of the gateway clock an event time may lie (device clocks
 *     drift), {@code >= 0}
 * @param maxAge how far behind the gateway clock an event time may lie (sensors buffer readings
 *     while offline), {@code > 0}
 */
public record ValidationConfig(Duration maxFutureSkew, Duration maxAge) {
  /** Default tolerance for device clocks running ahead: 5 minutes. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  /** Default maximum age of a reading: 7 days of data buffered by a disconnected sensor. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

  /** Longest accepted duration, so that millisecond arithmetic never overflows. */
  static final Duration MAX_DURATION = Duration.ofDays(365L * 1000);

  public ValidationConfig {
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxFutureSkew.isNegative() || maxFutureSkew.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "maxFutureSkew must be in [0, " + MAX_DURATION + "] but was " + maxFutureSkew);
    }
    if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "maxAge must be in (0, " + MAX_DURATION + "] but was " + maxAge);
    }
  }

  /** {@link #DEFAULT_MAX_FUTURE_SKEW} and {@link #DEFAULT_MAX_AGE}. */
  public static ValidationConfig defaults() {
    return new ValidationConfig(DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_AGE);
  }
}
