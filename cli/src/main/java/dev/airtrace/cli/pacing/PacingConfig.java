package dev.airtrace.cli.pacing;

import java.time.Duration;
import java.util.Objects;

/**
 * How a paced replay waits for the pipeline between event-time hours. Immutable.
 *
 * @param maxWait the longest wait for one hour's outputs; an hour that needs longer is published
 *     anyway and counted as not paced causally (never silently: the report lists it)
 * @param grace the stream processor's window grace: an hour's mean closes when a site's event time
 *     reaches the hour's end + grace, so only those hours are awaited
 * @param featureWindowHours the processor's feature window length in hours: a closed hour has a
 *     feature window (and so a forecast) when any of the site's hours in that window had PM2.5
 * @param poll how long one read of the topics blocks while waiting
 */
public record PacingConfig(
    Duration maxWait, Duration grace, int featureWindowHours, Duration poll) {
  /** Default {@link #maxWait()}: 30 s per hour. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

  /** Default {@link #grace()}: the processor's default window grace, 10 min. */
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);

  /** Default {@link #featureWindowHours()}: the processor's default, 48 h. */
  public static final int DEFAULT_FEATURE_WINDOW_HOURS = 48;

  /** Default {@link #poll()}: 100 ms. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(100);

  public PacingConfig {
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(poll, "poll");
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive: " + maxWait);
    }
    if (grace.isNegative() || grace.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("grace must be within [0, 1 day]: " + grace);
    }
    if (featureWindowHours < 1) {
      throw new IllegalArgumentException(
          "featureWindowHours must be positive: " + featureWindowHours);
    }
    if (poll.isNegative() || poll.isZero() || poll.compareTo(maxWait) > 0) {
      throw new IllegalArgumentException("poll must be in (0, maxWait]: " + poll);
    }
  }

  /** The defaults. */
  public static PacingConfig defaults() {
    return new PacingConfig(
        DEFAULT_MAX_WAIT, DEFAULT_GRACE, DEFAULT_FEATURE_WINDOW_HOURS, DEFAULT_POLL);
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link PacingConfig}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private Duration maxWait;
    private Duration grace;
    private int featureWindowHours;
    private Duration poll;

    private Builder(PacingConfig c) {
      this.maxWait = c.maxWait;
      this.grace = c.grace;
      this.featureWindowHours = c.featureWindowHours;
      this.poll = c.poll;
    }

    /** See {@link PacingConfig#maxWait()}. */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /** See {@link PacingConfig#grace()}. */
    public Builder grace(Duration grace) {
      this.grace = grace;
      return this;
    }

    /** See {@link PacingConfig#featureWindowHours()}. */
    public Builder featureWindowHours(int featureWindowHours) {
      this.featureWindowHours = featureWindowHours;
      return this;
    }

    /** See {@link PacingConfig#poll()}. */
    public Builder poll(Duration poll) {
      this.poll = poll;
      return this;
    }

    /** The config. */
    public PacingConfig build() {
      return new PacingConfig(maxWait, grace, featureWindowHours, poll);
    }
  }
}
