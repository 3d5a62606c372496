package dev.airtrace.core.validation;

import dev.airtrace.core.Reading;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a decoded reading against physical plausibility and the gateway's clock.
 *
 * <p>Thread-safe (immutable; the clock must be thread-safe, as {@link Clock}s are).
 */
public final class ReadingValidator {
  private final ValidationConfig config;
  private final Clock clock;

  public ReadingValidator(ValidationConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The first rule the reading breaks, or empty when it is acceptable. */
  public Optional<Rejection> validate(Reading reading) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
