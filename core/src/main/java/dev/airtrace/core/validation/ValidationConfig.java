package dev.airtrace.core.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * How far a reading's event time may stray from the gateway's clock before it is rejected.
 *
 * @param maxFutureSkew how far in the future an event time may lie (device clock drift), {@code >=
 *     0}
 * @param maxAge how far in the past an event time may lie (store-and-forward backlog), {@code > 0}
 */
public record ValidationConfig(Duration maxFutureSkew, Duration maxAge) {
  /** Default tolerance for device clocks running ahead. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  /** Default maximum age of a reading: a week of buffered data on a disconnected sensor. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

  public ValidationConfig {
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must be >= 0 but was " + maxFutureSkew);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be > 0 but was " + maxAge);
    }
  }

  /** {@link #DEFAULT_MAX_FUTURE_SKEW} and {@link #DEFAULT_MAX_AGE}. */
  public static ValidationConfig defaults() {
    return new ValidationConfig(DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_AGE);
  }
}
