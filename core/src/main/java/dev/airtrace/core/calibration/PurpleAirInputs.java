package dev.airtrace.core.calibration;

import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a PM2.5 correction reads from a PurpleAir-style reading: the CF=1 channels A and B, relative
 * humidity and (for models) temperature, and whether they allow a correction at all.
 *
 * @param inputs the values found, to be recorded in the {@link dev.airtrace.core.Correction}
 *     (channels, humidity, temperature, and the device's own {@code pm2_5} if it sent one)
 * @param problem why no value can be derived ({@link CorrectionStatus#CHANNELS_DISAGREE} or {@link
 *     CorrectionStatus#MISSING_INPUT}), or {@code null} when the inputs are usable
 * @param cf1Mean mean of A and B in µg/m³ (NaN when a channel is missing)
 * @param relativeHumidity % (NaN when missing)
 * @param temperature °C (NaN when missing)
 */
public record PurpleAirInputs(
    Map<Quantity, Double> inputs,
    CorrectionStatus problem,
    double cf1Mean,
    double relativeHumidity,
    double temperature) {

  public PurpleAirInputs {
    inputs = Collections.unmodifiableMap(new EnumMap<>(Objects.requireNonNull(inputs, "inputs")));
    if (problem == CorrectionStatus.APPLIED) {
      throw new IllegalArgumentException("problem must be a reason for not applying, or null");
    }
  }

  /**
   * The inputs of {@code reading}, or empty when it carries neither PurpleAir channel (then it is
   * not a reading this correction is for, and it passes unchanged).
   *
   * @param agreement the A/B agreement thresholds
   * @param needsTemperature whether a missing temperature makes the inputs unusable (models use it,
   *     the Barkjohn formulas do not)
   */
  public static Optional<PurpleAirInputs> of(
      Reading reading, ChannelAgreement agreement, boolean needsTemperature) {
    Double a = reading.values().get(Quantity.PM2_5_CF1_A);
    Double b = reading.values().get(Quantity.PM2_5_CF1_B);
    if (a == null && b == null) {
      return Optional.empty();
    }
    Double rh = reading.values().get(Quantity.RELATIVE_HUMIDITY);
    Double t = reading.values().get(Quantity.TEMPERATURE);
    EnumMap<Quantity, Double> in = new EnumMap<>(Quantity.class);
    put(in, Quantity.PM2_5_CF1_A, a);
    put(in, Quantity.PM2_5_CF1_B, b);
    put(in, Quantity.RELATIVE_HUMIDITY, rh);
    if (needsTemperature) {
      put(in, Quantity.TEMPERATURE, t);
    }
    put(in, Quantity.PM2_5, reading.values().get(Quantity.PM2_5));
    CorrectionStatus problem = null;
    if (a == null || b == null || rh == null || (needsTemperature && t == null)) {
      problem = CorrectionStatus.MISSING_INPUT;
    } else if (!agreement.agree(a, b)) {
      problem = CorrectionStatus.CHANNELS_DISAGREE;
    }
    return Optional.of(
        new PurpleAirInputs(
            in,
            problem,
            a == null || b == null ? Double.NaN : (a + b) / 2,
            rh == null ? Double.NaN : rh,
            t == null ? Double.NaN : t));
  }

  private static void put(Map<Quantity, Double> in, Quantity q, Double v) {
    if (v != null) {
      in.put(q, v);
    }
  }

  /** Whether a value can be derived from these inputs. */
  public boolean usable() {
    return problem == null;
  }
}
