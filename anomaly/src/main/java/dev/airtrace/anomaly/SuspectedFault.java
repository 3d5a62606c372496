package dev.airtrace.anomaly;

/**
 * What the detector thinks is wrong with a sensor when a verdict is anomalous: one of the
 * low-cost-sensor faults its rules recognise, or {@link #UNUSUAL} when only the scored likelihood
 * (model score and statistics) found the reading improbable.
 */
public enum SuspectedFault {
  /** Not anomalous. */
  NONE("none"),
  /** The value has not changed for longer than the series has ever been flat before. */
  STUCK("stuck"),
  /** The sensor reports exactly 0 where 0 is rare or far from the recent level. */
  DROPOUT("dropout"),
  /** One reading far from both neighbours (reported with the reading after it). */
  SPIKE("spike"),
  /** The reading-to-reading changes are several times their usual size. */
  NOISE("noise"),
  /** A sudden step that persists. */
  LEVEL_SHIFT("level_shift"),
  /**
   * The value moves away from its neighbours' gradually ({@link SpatialConsistency}; the per-series
   * rules have no drift rule).
   */
  DRIFT("drift"),
  /** The scored likelihood is high, no rule names the fault (slow drift ends up here). */
  UNUSUAL("unusual");

  private final String code;

  SuspectedFault(String code) {
    this.code = code;
  }

  /** The stable lower-case name for events and tags. */
  public String code() {
    return code;
  }
}
