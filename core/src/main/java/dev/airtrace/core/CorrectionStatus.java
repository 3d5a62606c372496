package dev.airtrace.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a {@link Correction} produced its quantity, and if not, why. The codes are ASCII and
 * stable: they are written into reading records and their Merkle leaves.
 */
public enum CorrectionStatus {
  /** The corrected value is the reading's value of the quantity. */
  APPLIED("applied"),
  /**
   * The PurpleAir A and B channels disagree beyond the agreement thresholds: no value was derived
   * (the raw channels stay in the reading).
   */
  CHANNELS_DISAGREE("channels-disagree"),
  /** An input the method needs (a channel, relative humidity, temperature) was missing. */
  MISSING_INPUT("missing-input"),
  /** The configured calibration model could not be run; no value was derived. */
  MODEL_UNAVAILABLE("model-unavailable");

  private final String code;

  CorrectionStatus(String code) {
    this.code = code;
  }

  /** The code written into records, e.g. {@code channels-disagree}. */
  public String code() {
    return code;
  }

  /** Whether the corrected value was derived. */
  public boolean applied() {
    return this == APPLIED;
  }

  /** Looks a status up by its exact code. */
  public static Optional<CorrectionStatus> fromCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
