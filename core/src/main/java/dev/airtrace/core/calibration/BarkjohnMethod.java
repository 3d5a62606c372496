package dev.airtrace.core.calibration;

import dev.airtrace.core.Correction;

/** The two EPA PurpleAir corrections, with the method code each records in a reading. */
public enum BarkjohnMethod {
  /** {@link Barkjohn#us2021}, recorded as {@value Correction#EPA_BARKJOHN_2021}. */
  US_2021(Correction.EPA_BARKJOHN_2021),
  /** {@link Barkjohn#extended2022}, recorded as {@value Correction#EPA_BARKJOHN_2022}. */
  EXTENDED_2022(Correction.EPA_BARKJOHN_2022);

  private final String method;

  BarkjohnMethod(String method) {
    this.method = method;
  }

  /** The {@link Correction#method()} code. */
  public String method() {
    return method;
  }

  /** Corrected PM2.5 in µg/m³ from the channel mean {@code x} (µg/m³) and humidity (%). */
  public double correct(double x, double rh) {
    return this == US_2021 ? Barkjohn.us2021(x, rh) : Barkjohn.extended2022(x, rh);
  }
}
