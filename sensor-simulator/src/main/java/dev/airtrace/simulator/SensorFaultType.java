package dev.airtrace.simulator;

/**
 * The low-cost-sensor faults the simulator can inject into a device's values (see {@link
 * SensorFaults}). The codes are the detector's {@code SuspectedFault} codes (plus {@code drift}),
 * so a test can match an anomaly event's fault with the injected type by string.
 */
public enum SensorFaultType {
  /** The value freezes at the last good reading (flat line). */
  STUCK("stuck"),
  /** A linear ramp away from the true value. */
  DRIFT("drift"),
  /** The sensor reports exactly 0. */
  DROPOUT("dropout"),
  /** One reading far off. */
  SPIKE("spike"),
  /** Gaussian noise several times the usual change is added. */
  NOISE("noise"),
  /** A constant offset that persists. */
  LEVEL_SHIFT("level_shift");

  private final String code;

  SensorFaultType(String code) {
    this.code = code;
  }

  /** The stable lower-case name, equal to the anomaly event's fault code. */
  public String code() {
    return code;
  }
}
