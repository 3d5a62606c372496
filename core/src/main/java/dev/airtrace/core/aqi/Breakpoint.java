package dev.airtrace.core.aqi;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One row of a breakpoint table: concentrations {@code [cLow, cHigh]} (in the table's unit) map
 * linearly onto indices {@code [iLow, iHigh]}.
 */
record Breakpoint(BigDecimal cLow, BigDecimal cHigh, int iLow, int iHigh) {
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  Breakpoint {
    if (cLow.compareTo(cHigh) >= 0 || iLow >= iHigh) {
      throw new IllegalArgumentException("empty breakpoint row " + cLow + ".." + cHigh);
    }
  }

  boolean contains(BigDecimal c) {
    return c.compareTo(cLow) >= 0 && c.compareTo(cHigh) <= 0;
  }

  /** The AQI equation before rounding, to 34 significant digits (for tests and diagnostics). */
  BigDecimal interpolate(BigDecimal c) {
    return numerator(c).divide(denominator(), MathContext.DECIMAL128).add(BigDecimal.valueOf(iLow));
  }

  /**
   * The AQI equation rounded half up, computed exactly: {@code iLow + floor((2n + d) / 2d)} with
   * {@code n/d} the fraction above {@code iLow}. Dividing first and rounding the quotient would
   * turn an exact x.5 such as 125.5 into 125.4999... whenever {@code d} is not a power of ten's
   * divisor.
   */
  int index(BigDecimal c) {
    BigDecimal n = numerator(c);
    BigDecimal d = denominator();
    return iLow + n.multiply(TWO).add(d).divideToIntegralValue(d.multiply(TWO)).intValueExact();
  }

  private BigDecimal numerator(BigDecimal c) {
    return BigDecimal.valueOf((long) iHigh - iLow).multiply(c.subtract(cLow));
  }

  private BigDecimal denominator() {
    return cHigh.subtract(cLow);
  }
}
