package dev.airtrace.gateway.aggregate;

import java.time.Duration;
import java.util.Objects;

/**
 * When the {@link MinuteAggregator} closes a device's minute. Immutable.
 *
 * @param grace how far the device's event time must pass a minute's end before the minute is
 *     emitted, so that slightly out-of-order readings still count; {@code [0, 1 h]}
 * @param idleFlushAfter after this much gateway wall-clock time without a reading from a device,
 *     its open minutes are emitted anyway (a device that went quiet would otherwise hold its last
 *     minute for ever); {@code > 0}
 */
public record AggregationConfig(Duration grace, Duration idleFlushAfter) {

  /** Default grace: covers reordering by retries and store-and-forward on the sensor side. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  /** Default idle flush: two minutes without a reading from the device. */
  public static final Duration DEFAULT_IDLE_FLUSH_AFTER = Duration.ofMinutes(2);

  public AggregationConfig {
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(idleFlushAfter, "idleFlushAfter");
    if (grace.isNegative() || grace.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("grace must be in [0, 1 h] but was " + grace);
    }
    if (idleFlushAfter.isNegative() || idleFlushAfter.isZero()) {
      throw new IllegalArgumentException("idleFlushAfter must be > 0 but was " + idleFlushAfter);
    }
  }

  /** {@link #DEFAULT_GRACE} and {@link #DEFAULT_IDLE_FLUSH_AFTER}. */
  public static AggregationConfig defaults() {
    return new AggregationConfig(DEFAULT_GRACE, DEFAULT_IDLE_FLUSH_AFTER);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link AggregationConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private Duration grace;
    private Duration idleFlushAfter;

    private Builder(AggregationConfig from) {
      this.grace = from.grace;
      this.idleFlushAfter = from.idleFlushAfter;
    }

    /** See {@link AggregationConfig#grace()}. */
    public Builder grace(Duration value) {
      this.grace = value;
      return this;
    }

    /** See {@link AggregationConfig#idleFlushAfter()}. */
    public Builder idleFlushAfter(Duration value) {
      this.idleFlushAfter = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public AggregationConfig build() {
      return new AggregationConfig(grace, idleFlushAfter);
    }
  }
}
