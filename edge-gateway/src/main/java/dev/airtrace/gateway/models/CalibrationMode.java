package dev.airtrace.gateway.models;

import java.util.Arrays;
import java.util.Locale;

/** How the gateway derives PM2.5 from PurpleAir CF=1 channels. */
public enum CalibrationMode {
  /** No correction: PurpleAir channels pass through as measured, no {@code pm2_5} is derived. */
  OFF("off"),
  /** EPA US-wide correction, Barkjohn et al. 2021. */
  BARKJOHN_2021("barkjohn-2021"),
  /** EPA extended piecewise correction, Barkjohn et al. 2022 (smoke-capable; the default). */
  BARKJOHN_2022("barkjohn-2022"),
  /** The {@code pm25-calibration} model from the model repository (features: A/B mean, RH, T). */
  MODEL("model");

  private final String label;

  CalibrationMode(String label) {
    this.label = label;
  }

  /** The spelling used on the command line and in logs, e.g. {@code barkjohn-2022}. */
  public String label() {
    return label;
  }

  /**
   * Parses a label ({@code off}, {@code barkjohn-2021}, {@code barkjohn-2022}, {@code model}),
   * ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted labels otherwise
   */
  public static CalibrationMode parse(String label) {
    String l = label.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(m -> m.label.equals(l))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "calibration must be one of off, barkjohn-2021, barkjohn-2022, model but was '"
                        + label
                        + "'"));
  }
}
