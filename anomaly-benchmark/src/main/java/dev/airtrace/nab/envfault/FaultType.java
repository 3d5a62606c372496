package dev.airtrace.nab.envfault;

/** The low-cost-sensor faults the corpus injects (docs/quality.md, "Fault corpus"). */
public enum FaultType {
  /** The value freezes at its last reading (a hung ADC or firmware loop). */
  STUCK("stuck"),
  /** A slowly growing offset (ageing electrochemical cell, dusty optics). */
  DRIFT("drift"),
  /** The sensor reports exactly 0 (power or bus failure read as zero). */
  DROPOUT("dropout"),
  /** One reading far off (an electrical glitch, an insect in a PM sensor). */
  SPIKE("spike"),
  /** Extra random noise for hours (interference, a loose contact, condensation). */
  NOISE("noise"),
  /** A sudden persistent offset (a knock, a firmware or calibration change). */
  LEVEL_SHIFT("level_shift");

  private final String code;

  FaultType(String code) {
    this.code = code;
  }

  /** The name used in {@code labels/faults.json}. */
  public String code() {
    return code;
  }

  /** The type with the given code. */
  public static FaultType ofCode(String code) {
    for (FaultType t : values()) {
      if (t.code.equals(code)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown fault type " + code);
  }
}
