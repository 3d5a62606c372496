package dev.airtrace.core.calibration;

import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import java.util.Objects;

/**
 * Records the outcome of a PM2.5 correction in a reading, the same way for every method.
 *
 * <ul>
 *   <li>Applied: {@code pm2_5} becomes the corrected value (replacing the device's own, which is
 *       kept in the correction's inputs) and the correction says {@code applied}.
 *   <li>Not applied: the reading keeps its raw channels and whatever {@code pm2_5} the device sent
 *       itself (usually none); no value is derived, and the correction records why. The reading is
 *       never dropped.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class PurpleAirCorrections {
  private PurpleAirCorrections() {}

  /** {@code reading} with {@code pm2_5 = value} (clamped at 0) derived by {@code method}. */
  public static Reading applied(
      Reading reading, PurpleAirInputs inputs, String method, double value) {
    Objects.requireNonNull(inputs, "inputs");
    if (!inputs.usable()) {
      throw new IllegalArgumentException("inputs are not usable: " + inputs.problem());
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("corrected pm2_5 must be finite but was " + value);
    }
    return reading.withCorrection(
        Quantity.PM2_5,
        Math.max(0, value),
        new Correction(method, CorrectionStatus.APPLIED, inputs.inputs()));
  }

  /**
   * {@code reading} with the record that {@code method} derived nothing, because of {@code why}.
   * The device's own {@code pm2_5}, if any, stays.
   */
  public static Reading notApplied(
      Reading reading, PurpleAirInputs inputs, String method, CorrectionStatus why) {
    if (why.applied()) {
      throw new IllegalArgumentException("why must be a reason for not applying");
    }
    return reading.withCorrection(
        Quantity.PM2_5,
        reading.values().get(Quantity.PM2_5),
        new Correction(method, why, inputs.inputs()));
  }
}
