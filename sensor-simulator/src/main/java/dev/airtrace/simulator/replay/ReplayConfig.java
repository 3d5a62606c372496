package dev.airtrace.simulator.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Replayer} publishes. Immutable; build with {@link #defaults()}, {@link #builder()}
 * or {@link #toBuilder()}.
 *
 * @param speed event time per wall-clock time: {@code 3600} replays an hour of data per second;
 *     {@code 0} (the default) publishes as fast as the broker acknowledges through the publisher's
 *     bounded in-flight window; {@code >= 0}, finite
 * @param from rows with an earlier event time are skipped and counted, or empty for no bound
 * @param until rows at or after this event time are skipped and counted, or empty for no bound;
 *     after {@code from}
 * @param badRows what a bad row does: {@link BadRowPolicy#SKIP} (report, count, go on) or {@link
 *     BadRowPolicy#STOP}
 * @param firstSequence each device's first sequence number; later rows of the device count up from
 *     it. Replaying the same file again to the same gateway needs a higher value, or the gateway
 *     de-duplicates every reading by {@code (deviceId, sequence)}; {@code >= 0}
 * @param deliveryTimeout how long to wait at the end for the broker's last acknowledgements, {@code
 *     > 0}
 */
public record ReplayConfig(
    double speed,
    Optional<Instant> from,
    Optional<Instant> until,
    BadRowPolicy badRows,
    long firstSequence,
    Duration deliveryTimeout) {

  /** What a bad row does. */
  public enum BadRowPolicy {
    /** Report it (row number and reason), count it, publish nothing for it and go on. */
    SKIP,
    /** Report it and end the replay with its error; what was published stays published. */
    STOP
  }

  /** As fast as the broker acknowledges. */
  public static final double DEFAULT_SPEED = 0;

  /** Bad rows are reported, counted and skipped. */
  public static final BadRowPolicy DEFAULT_BAD_ROWS = BadRowPolicy.SKIP;

  /** Five minutes for the broker's last acknowledgements. */
  public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(5);

  public ReplayConfig {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(badRows, "badRows");
    Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
    if (!(speed >= 0) || !Double.isFinite(speed)) {
      throw new IllegalArgumentException("speed must be a finite number >= 0 but was " + speed);
    }
    if (from.isPresent() && until.isPresent() && !until.get().isAfter(from.get())) {
      throw new IllegalArgumentException(
          "until (" + until.get() + ") must be after from (" + from.get() + ")");
    }
    if (firstSequence < 0) {
      throw new IllegalArgumentException("firstSequence must be >= 0 but was " + firstSequence);
    }
    if (deliveryTimeout.isNegative() || deliveryTimeout.isZero()) {
      throw new IllegalArgumentException("deliveryTimeout must be > 0 but was " + deliveryTimeout);
    }
  }

  /** Every row, as fast as acknowledged, bad rows skipped, sequences from 0. */
  public static ReplayConfig defaults() {
    return new ReplayConfig(
        DEFAULT_SPEED,
        Optional.empty(),
        Optional.empty(),
        DEFAULT_BAD_ROWS,
        0,
        DEFAULT_DELIVERY_TIMEOUT);
  }

  /** A builder holding {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder holding this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether a row at {@code eventTime} lies in {@code [from, until)}. */
  public boolean inRange(long eventTime) {
    return from.map(f -> eventTime >= f.toEpochMilli()).orElse(true)
        && until.map(u -> eventTime < u.toEpochMilli()).orElse(true);
  }

  /** Fluent builder; {@link #build()} validates. */
  public static final class Builder {
    private double speed;
    private Optional<Instant> from;
    private Optional<Instant> until;
    private BadRowPolicy badRows;
    private long firstSequence;
    private Duration deliveryTimeout;

    private Builder(ReplayConfig c) {
      speed = c.speed;
      from = c.from;
      until = c.until;
      badRows = c.badRows;
      firstSequence = c.firstSequence;
      deliveryTimeout = c.deliveryTimeout;
    }

    /** See {@link ReplayConfig#speed()}. */
    public Builder speed(double value) {
      speed = value;
      return this;
    }

    /** See {@link ReplayConfig#from()} and {@link ReplayConfig#until()}; nulls for no bound. */
    public Builder range(Instant fromInclusive, Instant untilExclusive) {
      from = Optional.ofNullable(fromInclusive);
      until = Optional.ofNullable(untilExclusive);
      return this;
    }

    /** See {@link ReplayConfig#badRows()}. */
    public Builder badRows(BadRowPolicy value) {
      badRows = value;
      return this;
    }

    /** See {@link ReplayConfig#firstSequence()}. */
    public Builder firstSequence(long value) {
      firstSequence = value;
      return this;
    }

    /** See {@link ReplayConfig#deliveryTimeout()}. */
    public Builder deliveryTimeout(Duration value) {
      deliveryTimeout = value;
      return this;
    }

    public ReplayConfig build() {
      return new ReplayConfig(speed, from, until, badRows, firstSequence, deliveryTimeout);
    }
  }
}
