package dev.airtrace.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * How an MQTT client retries after it lost or could not establish its connection: exponential
 * backoff with random jitter, retrying for ever (an edge gateway has nothing better to do than to
 * reconnect; its status reports the outage meanwhile).
 *
 * <p>The delay before retry {@code n} (1 = the first retry after a failure) is {@code min(maxDelay,
 * initialDelay * multiplier^(n-1))}, then scaled by a random factor in {@code [1 - jitter, 1 +
 * jitter]} so that a fleet of gateways that lost the same broker does not reconnect in lock step.
 * Immutable.
 *
 * @param initialDelay delay before the first retry, {@code > 0}
 * @param maxDelay cap of the un-jittered delay, {@code >= initialDelay}
 * @param multiplier growth per failed attempt, {@code >= 1}
 * @param jitter relative random spread, in {@code [0, 1)}
 */
public record ReconnectPolicy(
    Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

  /** Default first retry delay: short, because a broker restart is the common outage. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(250);

  /** Default cap of the delay between two attempts. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

  /** Default growth factor per failed attempt. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  /** Default jitter: each delay is scaled by a random factor in [0.75, 1.25]. */
  public static final double DEFAULT_JITTER = 0.25;

  public ReconnectPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay must be > 0 but was " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay must be >= initialDelay (" + initialDelay + ") but was " + maxDelay);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be >= 1 but was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1) but was " + jitter);
    }
  }

  /** The defaults above. */
  public static ReconnectPolicy defaults() {
    return new ReconnectPolicy(
        DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MULTIPLIER, DEFAULT_JITTER);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /**
   * The delay before retry number {@code retry}.
   *
   * @param retry 1 for the first retry after a failure, 2 for the next, ...
   * @param random01 a uniformly distributed number in {@code [0, 1)} that picks the jitter
   */
  public Duration delayBeforeRetry(int retry, double random01) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1 but was " + retry);
    }
    double base = initialDelay.toNanos();
    double cap = maxDelay.toNanos();
    // Multiply step by step so that a long outage cannot overflow the exponent.
    for (int i = 1; i < retry && base < cap; i++) {
      base *= multiplier;
    }
    base = Math.min(base, cap);
    double factor = 1.0 + jitter * (2.0 * random01 - 1.0);
    return Duration.ofNanos(Math.max(1L, Math.round(base * factor)));
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link ReconnectPolicy}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private Duration initialDelay;
    private Duration maxDelay;
    private double multiplier;
    private double jitter;

    private Builder(ReconnectPolicy from) {
      this.initialDelay = from.initialDelay;
      this.maxDelay = from.maxDelay;
      this.multiplier = from.multiplier;
      this.jitter = from.jitter;
    }

    /** See {@link ReconnectPolicy#initialDelay()}. */
    public Builder initialDelay(Duration value) {
      this.initialDelay = value;
      return this;
    }

    /** See {@link ReconnectPolicy#maxDelay()}. */
    public Builder maxDelay(Duration value) {
      this.maxDelay = value;
      return this;
    }

    /** See {@link ReconnectPolicy#multiplier()}. */
    public Builder multiplier(double value) {
      this.multiplier = value;
      return this;
    }

    /** See {@link ReconnectPolicy#jitter()}. */
    public Builder jitter(double value) {
      this.jitter = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ReconnectPolicy build() {
      return new ReconnectPolicy(initialDelay, maxDelay, multiplier, jitter);
    }
  }
}
