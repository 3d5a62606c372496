package dev.airtrace.processor;

import java.util.OptionalDouble;

/**
 * Dew point from air temperature and relative humidity with the Magnus formula, using the Alduchov
 * &amp; Eskridge (1996) constants over liquid water, {@value #A} and {@value #B} °C:
 *
 * <pre>
 *   γ  = ln(RH / 100) + A·T / (B + T)
 *   Td = B·γ / (A − γ)
 * </pre>
 *
 * Their stated error is below 0.4 % of the saturation vapour pressure for −40 °C … 50 °C, i.e. a
 * few hundredths of a degree of dew point in that range; outside it the value is still computed
 * (and less accurate). Stateless and thread-safe.
 */
final class DewPoint {
  /** Magnus coefficient A (dimensionless), Alduchov &amp; Eskridge 1996. */
  static final double A = 17.625;

  /** Magnus coefficient B, °C, Alduchov &amp; Eskridge 1996. */
  static final double B = 243.04;

  private DewPoint() {}

  /**
   * The dew point in °C for {@code temperature} °C and {@code relativeHumidity} %, or empty when it
   * is undefined: humidity not in (0, 100], or a non-finite input or result.
   */
  static OptionalDouble celsius(double temperature, double relativeHumidity) {
    if (!(relativeHumidity > 0 && relativeHumidity <= 100) || !Double.isFinite(temperature)) {
      return OptionalDouble.empty();
    }
    double gamma = Math.log(relativeHumidity / 100) + A * temperature / (B + temperature);
    double td = B * gamma / (A - gamma);
    return Double.isFinite(td) ? OptionalDouble.of(td) : OptionalDouble.empty();
  }
}
