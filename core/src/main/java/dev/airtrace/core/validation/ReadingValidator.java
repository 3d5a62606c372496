package dev.airtrace.core.validation;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a decoded reading against physical plausibility and the gateway's clock, in this order:
 *
 * <ol>
 *   <li>every value lies in its quantity's plausible range, ends included ({@link
 *       Quantity#isPlausible}) — else {@link RejectReason#OUT_OF_RANGE};
 *   <li>the event time is at most {@link ValidationConfig#maxFutureSkew()} ahead of the clock —
 *       else {@link RejectReason#TIME_IN_FUTURE};
 *   <li>the event time is at most {@link ValidationConfig#maxAge()} behind the clock — else {@link
 *       RejectReason#TIME_TOO_OLD}.
 * </ol>
 *
 * The first broken rule is reported; a reading is rejected whole, never trimmed to its plausible
 * values (a sensor that reports one impossible value is not trusted for the others).
 *
 * <p>Duplicates and gaps are not checked here: see {@link SequenceTracker}.
 *
 * <p>Thread-safe: immutable, and {@link Clock}s are thread-safe.
 */
public final class ReadingValidator {
  private final long maxFutureSkewMillis;
  private final long maxAgeMillis;
  private final ValidationConfig config;
  private final Clock clock;

  public ReadingValidator(ValidationConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxFutureSkewMillis = config.maxFutureSkew().toMillis();
    this.maxAgeMillis = config.maxAge().toMillis();
  }

  /** The first rule the reading breaks, or empty when it is acceptable. */
  public Optional<Rejection> validate(Reading reading) {
    Objects.requireNonNull(reading, "reading");
    for (Map.Entry<Quantity, Double> e : reading.values().entrySet()) {
      Quantity q = e.getKey();
      double v = e.getValue();
      if (!q.isPlausible(v)) {
        return Optional.of(
            new Rejection(
                RejectReason.OUT_OF_RANGE,
                q.code()
                    + " = "
                    + v
                    + " "
                    + q.unit().symbol()
                    + " is outside the plausible range ["
                    + format(q.plausibleMin())
                    + ", "
                    + format(q.plausibleMax())
                    + "] "
                    + q.unit().symbol()));
      }
    }
    long now = clock.millis();
    long event = reading.eventTime();
    // Compare distances, not now ± limit, so that extreme event times cannot overflow.
    if (event > now && distance(event, now) > maxFutureSkewMillis) {
      return Optional.of(
          new Rejection(
              RejectReason.TIME_IN_FUTURE,
              "eventTime "
                  + instant(event)
                  + " is "
                  + Duration.ofMillis(distance(event, now))
                  + " ahead of the gateway clock ("
                  + instant(now)
                  + "); the limit is maxFutureSkew = "
                  + config.maxFutureSkew()));
    }
    if (event < now && distance(now, event) > maxAgeMillis) {
      return Optional.of(
          new Rejection(
              RejectReason.TIME_TOO_OLD,
              "eventTime "
                  + instant(event)
                  + " is "
                  + Duration.ofMillis(distance(now, event))
                  + " behind the gateway clock ("
                  + instant(now)
                  + "); the limit is maxAge = "
                  + config.maxAge()));
    }
    return Optional.empty();
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** {@code later - earlier} for {@code later > earlier}, saturated at {@link Long#MAX_VALUE}. */
  private static long distance(long later, long earlier) {
    long d = later - earlier;
    return d < 0 ? Long.MAX_VALUE : d;
  }

  private static String instant(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
