package dev.airtrace.core.calibration;

/**
 * The EPA corrections of PurpleAir PM2.5 (Barkjohn, Gantt and Clements), with {@code x} the mean of
 * the A and B channels' {@code pm2.5_cf_1} in µg/m³ and {@code rh} the PurpleAir relative humidity
 * in %. Results below zero are clamped to 0 (an implementation rule; the regressions can go
 * negative at very low x and high humidity). Stateless and thread-safe.
 */
public final class Barkjohn {
  /** Slope of the 2021 US-wide fit and of the 2022 low branch. */
  static final double LOW_SLOPE = 0.524;

  /** Humidity coefficient, per % RH. */
  static final double RH_COEFFICIENT = 0.0862;

  /** Intercept, µg/m³. */
  static final double INTERCEPT = 5.75;

  /** Slope of the 2022 middle branch (50 ≤ x < 210). */
  static final double MID_SLOPE = 0.786;

  /** 2022 high branch (x ≥ 260): 2.966 + 0.69·x + 8.84e-4·x². */
  static final double HIGH_INTERCEPT = 2.966;

  static final double HIGH_SLOPE = 0.69;
  static final double HIGH_QUADRATIC = 8.84e-4;

  private Barkjohn() {}

  /**
   * Barkjohn et al. 2021 (AMT 14:4617), US-wide, fitted on 24-h means: {@code 0.524·x − 0.0862·RH +
   * 5.75}, clamped at 0.
   */
  public static double us2021(double x, double rh) {
    return clamp(LOW_SLOPE * x - RH_COEFFICIENT * rh + INTERCEPT);
  }

  /**
   * Barkjohn et al. 2022 (Sensors 22:9669), the piecewise extension for smoke used on the AirNow
   * Fire and Smoke Map (hourly data), clamped at 0. Continuous at its breakpoints 30, 50, 210 and
   * 260 µg/m³: the two blend branches move linearly from one fit to the next.
   */
  public static double extended2022(double x, double rh) {
    double value;
    if (x < 30) {
      value = LOW_SLOPE * x - RH_COEFFICIENT * rh + INTERCEPT;
    } else if (x < 50) {
      double w = x / 20 - 3.0 / 2;
      value = (MID_SLOPE * w + LOW_SLOPE * (1 - w)) * x - RH_COEFFICIENT * rh + INTERCEPT;
    } else if (x < 210) {
      value = MID_SLOPE * x - RH_COEFFICIENT * rh + INTERCEPT;
    } else if (x < 260) {
      double w = x / 50 - 21.0 / 5;
      value =
          (HIGH_SLOPE * w + MID_SLOPE * (1 - w)) * x
              - RH_COEFFICIENT * rh * (1 - w)
              + HIGH_INTERCEPT * w
              + INTERCEPT * (1 - w)
              + HIGH_QUADRATIC * x * x * w;
    } else {
      value = HIGH_INTERCEPT + HIGH_SLOPE * x + HIGH_QUADRATIC * x * x;
    }
    return clamp(value);
  }

  private static double clamp(double v) {
    return v < 0 ? 0 : v;
  }
}
