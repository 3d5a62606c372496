package dev.airtrace.core.calibration;

import dev.airtrace.core.Reading;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies one {@link BarkjohnMethod} to PurpleAir readings: a reading with the CF=1 channels and
 * relative humidity gets a corrected {@code pm2_5} when the channels agree; when they disagree or
 * an input is missing it keeps its raw channels and records why; a reading without PurpleAir
 * channels passes unchanged. Immutable and thread-safe.
 */
public final class BarkjohnCorrector {
  private final BarkjohnMethod method;
  private final ChannelAgreement agreement;

  public BarkjohnCorrector(BarkjohnMethod method, ChannelAgreement agreement) {
    this.method = Objects.requireNonNull(method, "method");
    this.agreement = Objects.requireNonNull(agreement, "agreement");
  }

  /** The corrected reading, or {@code reading} itself when it has no PurpleAir channel. */
  public Reading correct(Reading reading) {
    Optional<PurpleAirInputs> found = PurpleAirInputs.of(reading, agreement, false);
    if (found.isEmpty()) {
      return reading;
    }
    PurpleAirInputs in = found.get();
    if (!in.usable()) {
      return PurpleAirCorrections.notApplied(reading, in, method.method(), in.problem());
    }
    return PurpleAirCorrections.applied(
        reading, in, method.method(), method.correct(in.cf1Mean(), in.relativeHumidity()));
  }
}
