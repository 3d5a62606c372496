package dev.airtrace.core.aqi;

import java.util.Arrays;
import java.util.Optional;

/** The averaging period a concentration was computed over, which selects the breakpoint table. */
public enum Averaging {
  /** The PM NowCast over the last 12 hours (uses the 24-hour table). */
  NOWCAST("nowcast"),
  /** A 24-hour average. */
  HOURS_24("24h"),
  /** An 8-hour average. */
  HOURS_8("8h"),
  /** A 1-hour average. */
  HOUR_1("1h");

  private final String code;

  Averaging(String code) {
    this.code = code;
  }

  /** The stable code used in records, e.g. {@code nowcast} or {@code 8h}. */
  public String code() {
    return code;
  }

  /** Looks an averaging period up by its exact code. */
  public static Optional<Averaging> fromCode(String code) {
    return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
  }
}
